package schemacheck

//go:generate go run ./internal/rulesdoc/gen
