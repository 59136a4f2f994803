package schemacheck

//go:generate go run ./internal/rulesdoc/gen docs/rules.md
