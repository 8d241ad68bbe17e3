fn main() {
    eprintln!("gloss: not yet built");
    std::process::exit(2);
}
