//! The revision header reader: the input is a revision file's bytes, decoded as the loader
//! decodes them (`source::decode`: UTF-8, or a coding declaration), then read by
//! `history::read_header` when it parses and, always, by `history::recover_header`, the
//! line-by-line recovery used for files that do not parse.
#![no_main]

use driftlock::history::{read_header, recover_header};
use driftlock::python::parse_module;
use driftlock::source::{decode, FileId};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = match decode(data.to_vec()) {
        Ok(text) => text,
        Err((lossy, _)) => lossy,
    };
    // A hex file name: Alembic's legacy fallback takes the id from it when `revision` is
    // missing.
    let name = "3c2f0e1d9a7b.py";
    if let Ok(module) = parse_module(&text, name) {
        let _ = read_header(&module, FileId(0), name);
    }
    let _ = recover_header(&text, FileId(0), name);
});
