fn main() -> std::process::ExitCode {
    miglint_cli::main()
}
