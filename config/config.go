// Package config loads and validates schemacheck.yaml. Validation runs
// against the JSON Schema the project ships (schemacheck.schema.json, also
// usable by editors) and every error names the file, the line and column,
// the key path and, for typos, the closest valid key or value.
package config

// Config is schemacheck.yaml.
type Config struct {
	Version       int               `yaml:"version"`
	PGVersion     int               `yaml:"pg_version"`
	FailOn        string            `yaml:"fail_on"`
	Format        string            `yaml:"format"`
	Base          string            `yaml:"base"`
	Released      []string          `yaml:"released"`
	Baseline      string            `yaml:"baseline"`
	Rules         map[string]string `yaml:"rules"`
	Categories    map[string]string `yaml:"categories"`
	Databases     []Database        `yaml:"databases"`
	Contracts     []Contract        `yaml:"contracts"`
	Clients       []Client          `yaml:"clients"`
	Servers       Servers           `yaml:"servers"`
	Mappings      []Mapping         `yaml:"mappings"`
	InferMappings *bool             `yaml:"infer_mappings"`
	Preflight     Preflight         `yaml:"preflight"`
	Ignore        []string          `yaml:"ignore"`
	// Exclude and Only select the rules a run reports, by ID, name or
	// category; --exclude adds to Exclude, --only replaces Only.
	Exclude []string `yaml:"exclude"`
	Only    []string `yaml:"only"`

	// File is the path the config was loaded from ("" for defaults).
	File string `yaml:"-"`
	// lines remembers where each rule override was written, for errors
	// found after loading (unknown rule names).
	ruleLines map[string]position `yaml:"-"`
	// selectorLines remembers where each exclude: and only: entry was
	// written ("exclude/0"), for the same reason.
	selectorLines map[string]position `yaml:"-"`
}

// Database is one migration directory.
type Database struct {
	Name         string            `yaml:"name"`
	Migrations   string            `yaml:"migrations"`
	Layout       string            `yaml:"layout"`
	PGVersion    int               `yaml:"pg_version"`
	Placeholders map[string]string `yaml:"placeholders"`
	DownPolicy   string            `yaml:"down_policy"`
	// Transaction is how the program that runs the migrations sends each
	// file (migration.Transactions), when the layout's tool does not say
	// or says otherwise; "" is the tool's own way.
	Transaction string `yaml:"transaction"`
	// Session holds the settings the migration tool's connection has before
	// each migration (lock_timeout, statement_timeout, …), as written.
	Session map[string]string `yaml:"session"`
	// URLEnv names the environment variable holding the connection URL
	// `schemacheck drift` reads this database through; the URL itself (it
	// carries a password) never goes in the file.
	URLEnv string `yaml:"url_env"`
	// PreflightURLEnv names the environment variable holding the URL of
	// a database (a replica or staging copy) that check runs preflight
	// against when the variable is set.
	PreflightURLEnv string `yaml:"preflight_url_env"`
}

// Preflight bounds what schemacheck preflight asks of the database.
type Preflight struct {
	// StatementTimeout cancels any one check query that runs longer (a Go
	// duration, "30s"); the check is then reported as not checked.
	StatementTimeout string `yaml:"statement_timeout"`
	// SmallTableRows: lock and rewrite findings on tables with fewer
	// estimated rows become infos (default 10,000; 0 never).
	SmallTableRows *int64 `yaml:"small_table_rows"`
}

// Contract is one OpenAPI document or JSON Schema.
type Contract struct {
	Name     string   `yaml:"name"`
	Path     string   `yaml:"path"`
	Kind     string   `yaml:"kind"`
	Mode     string   `yaml:"mode"`
	Versions []string `yaml:"versions"`
	Examples []string `yaml:"examples"`
	// ExampleLines are where each of Examples is written (line, column),
	// for errors about it.
	ExampleLines     [][2]int `yaml:"-"`
	StrictContent    bool     `yaml:"strict_content"`
	DeprecationGrace string   `yaml:"deprecation_grace"`
	ExternalRefs     bool     `yaml:"external_refs"`
	// RefMap reads $refs to URLs below a prefix from a local directory
	// (relative to the config file) instead of the network.
	RefMap   map[string]string `yaml:"ref_map"`
	Database string            `yaml:"database"`
}

// Client is an application whose released versions read and write a contract.
type Client struct {
	Name      string          `yaml:"name"`
	Platform  string          `yaml:"platform"`
	Contract  string          `yaml:"contract"`
	Tolerance Tolerance       `yaml:"tolerance"`
	Versions  []ClientVersion `yaml:"versions"`
}

// Tolerance says what a client's generated code accepts in responses.
type Tolerance struct {
	UnknownProperties *bool `yaml:"unknown_properties"`
	UnknownEnumValues *bool `yaml:"unknown_enum_values"`
}

// IgnoresUnknownProperties reports the setting, defaulting to true.
func (t Tolerance) IgnoresUnknownProperties() bool {
	return t.UnknownProperties == nil || *t.UnknownProperties
}

// ToleratesUnknownEnumValues reports the setting, defaulting to false:
// generated Dart and Swift clients often reject unknown enum values.
func (t Tolerance) ToleratesUnknownEnumValues() bool {
	return t.UnknownEnumValues != nil && *t.UnknownEnumValues
}

// ClientVersion is one released client version, pinned to the contract it
// was built against by a git revision or a file path.
type ClientVersion struct {
	Version   string `yaml:"version"`
	Ref       string `yaml:"ref"`
	Path      string `yaml:"path"`
	Supported *bool  `yaml:"supported"`
	// Line and Column are where the version is written, for findings
	// about its cells.
	Line, Column int `yaml:"-"`
}

// IsSupported reports whether the version is still supported (default true).
func (v ClientVersion) IsSupported() bool { return v.Supported == nil || *v.Supported }

// Servers lists the server versions of the matrix.
type Servers struct {
	Tags  string          `yaml:"tags"`
	Paths []ServerVersion `yaml:"paths"`
}

// ServerVersion is a server version whose contract is a file.
type ServerVersion struct {
	Version string `yaml:"version"`
	Path    string `yaml:"path"`
}

// Mapping ties a contract schema to a table for cross-layer checks.
type Mapping struct {
	Contract string            `yaml:"contract"`
	Schema   string            `yaml:"schema"`
	Table    string            `yaml:"table"`
	Columns  map[string]string `yaml:"columns"`
	// Line and Column are where the mapping is written, for findings about it.
	Line, Column int `yaml:"-"`
}

// Default returns the configuration used when there is no file.
func Default() *Config {
	return &Config{Version: 1, PGVersion: 16, FailOn: "error", Format: "text"}
}
