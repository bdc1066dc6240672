//! The whole pipeline on a small docs folder: the input is pages separated by lines of
//! `=====`; they stand as a resource page, a method page and an enum page, then more of each.
#![no_main]

use libfuzzer_sys::fuzz_target;

const PLACES: [&str; 3] = ["v1.0/resources/r{}.md", "v1.0/api/a{}.md", "v1.0/resources/enums{}.md"];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let pages: Vec<(String, String)> = text
        .split("\n=====\n")
        .take(12)
        .enumerate()
        .map(|(i, page)| {
            let place = PLACES[i % PLACES.len()].replace("{}", &(i / PLACES.len()).to_string());
            (place, page.to_owned())
        })
        .collect();
    graphgen::fuzzing::pipeline(&pages);
});
