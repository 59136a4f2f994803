package schemacheck

import (
	"slices"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/internal/gittest"
)

const (
	eventV1 = `{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
  "properties": {"id": {"type": "string"}, "status": {"enum": ["new", "paid", "void"]}}}`
	eventV2 = `{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
  "properties": {"id": {"type": "string"}, "status": {"enum": ["new", "paid"]}}}`
	eventV3 = `{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
  "properties": {"id": {"type": "string"}, "status": {"enum": ["new", "paid"]}, "note": {"type": "string"}}}`
)

// jsonSchemaRepo is a repository whose events/order.json went through
// eventV1 (tag v1) and eventV2 (tag v2), with eventV3 in the working tree,
// eventV2 also kept as a file, and two sample payloads, one of which the
// new version rejects.
func jsonSchemaRepo(t *testing.T, config string) *gittest.Repo {
	t.Helper()
	repo := gittest.New(t)
	repo.Write(map[string]string{"events/order.json": eventV1})
	repo.Commit("v1")
	repo.Git("tag", "v1")
	repo.Write(map[string]string{"events/order.json": eventV2})
	repo.Commit("v2")
	repo.Git("tag", "v2")
	repo.Write(map[string]string{
		"schemacheck.yaml":         config,
		"events/order.json":        eventV3,
		"events/order.v2.json":     eventV2,
		"samples/ok.json":          `{"id": "o1", "status": "new"}`,
		"samples/bad.json":         "{\n  \"id\": 7\n}\n",
		"events/unconfigured.json": eventV3,
	})
	return repo
}

func diffRules(t *testing.T, dir string, opts DiffOptions) []string {
	t.Helper()
	var got []string
	for _, f := range diffResult(t, dir, opts).Findings {
		got = append(got, f.RuleID+" "+f.Location.File)
		if f.Severity.String() == "error" && f.RuleID == "SC-JS003" && f.Witness == "" {
			t.Errorf("break without a witness: %s", f.Message)
		}
	}
	slices.Sort(got)
	return got
}

// TestDiffJSONSchemaUsesTheContractsConfig: the contract whose path is the
// NEW file supplies mode, versions and examples; --mode overrides the mode.
func TestDiffJSONSchemaUsesTheContractsConfig(t *testing.T) {
	const config = `version: 1
contracts:
  - name: events
    path: events/order.json
    mode: backward_transitive
    versions: [v1, events/order.v2.json]
    examples: ["samples/*.json"]
`
	repo := jsonSchemaRepo(t, config)
	paths := []string{"events/order.v2.json", "events/order.json"}
	cases := []struct {
		name string
		opts DiffOptions
		want []string
	}{
		// v2 → v3 is compatible, but v1's "void" is no longer accepted:
		// only the transitive check against the git revision v1 sees it.
		{"configured transitive mode", DiffOptions{Paths: paths},
			[]string{"SC-JS003 events/order.json", "SC-JS031 samples/bad.json"}},
		{"--mode overrides the config", DiffOptions{Paths: paths, Mode: "backward"},
			[]string{"SC-JS031 samples/bad.json"}},
		// Forward: readers on v2 reject v3's "note"? No: v2 is open, so
		// adding an optional property is compatible (lenient content).
		{"--mode forward_transitive", DiffOptions{Paths: paths, Mode: "FORWARD-TRANSITIVE"},
			[]string{"SC-JS031 samples/bad.json"}},
		// Not the configured contract: backward by default, no payloads.
		{"unconfigured file", DiffOptions{Paths: []string{"events/order.v2.json", "events/unconfigured.json"}, Direction: "forward"},
			nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := diffRules(t, repo.Dir, tc.opts); !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestDiffJSONSchemaStrictContent: with strict_content, adding a typed
// property to an open object is a break in forward mode too.
func TestDiffJSONSchemaStrictContent(t *testing.T) {
	repo := jsonSchemaRepo(t, "version: 1\ncontracts:\n  - path: events/order.json\n    mode: full\n    strict_content: true\n")
	got := diffRules(t, repo.Dir, DiffOptions{Paths: []string{"events/order.v2.json", "events/order.json"}})
	if want := []string{"SC-JS007 events/order.json"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestDiffJSONSchemaErrors(t *testing.T) {
	cases := []struct {
		config, mode, want string
	}{
		{"version: 1\n", "sideways", `--mode: unknown compatibility mode "sideways"`},
		{"version: 1\ncontracts:\n  - path: events/order.json\n    mode: full_transitive\n    versions: [nope]\n", "",
			`versions: "nope" is not a file`},
		{"version: 1\ncontracts:\n  - path: events/order.json\n    examples: [missing/*.json]\n", "",
			`examples: "missing/*.json" matches no file`},
	}
	for _, tc := range cases {
		repo := jsonSchemaRepo(t, tc.config)
		t.Chdir(repo.Dir)
		p, err := Open(OpenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = p.Diff(DiffOptions{Paths: []string{"events/order.v2.json", "events/order.json"}, Mode: tc.mode})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("config %q mode %q: error %v, want %q", tc.config, tc.mode, err, tc.want)
		}
	}
}

// TestCheckUsesTheJSONSchemaContractsConfig: check compares the contract
// at the base with the working tree under the same settings as diff.
func TestCheckUsesTheJSONSchemaContractsConfig(t *testing.T) {
	const config = `version: 1
contracts:
  - name: events
    path: events/order.json
    mode: backward_transitive
    versions: [v1]
    examples: ["samples/*.json"]
`
	repo := jsonSchemaRepo(t, config)
	got, _ := findingsOf(t, repo.Dir, "v2")
	slices.Sort(got)
	want := []string{"SC-JS003 events/order.json", "SC-JS031 samples/bad.json"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
