//! One page of any kind, read and extracted: the first byte chooses where the page stands (its
//! kind is still decided by its text), the rest is the page.
#![no_main]

use libfuzzer_sys::fuzz_target;

const PATHS: [&str; 5] = [
    "v1.0/resources/thing.md",
    "v1.0/api/thing-get.md",
    "v1.0/resources/enums.md",
    "beta/api/thing-list.txt",
    "page.md",
];

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    graphgen::fuzzing::page(PATHS[first as usize % PATHS.len()], &text);
});
