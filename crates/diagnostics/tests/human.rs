mod common;

use miglint_diagnostics::Format;

#[test]
fn human() {
    let out = common::rendered(Format::Human);
    println!("{out}");
}
