//! The lenient JSON reader of annotations, examples and JSON representations.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    graphgen::fuzzing::json(&String::from_utf8_lossy(data));
});
