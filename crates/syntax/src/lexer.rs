//! A small SQL lexer shared by the splitter and the fallback recogniser.
