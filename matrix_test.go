package schemacheck

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/gittest"
	"github.com/schemacheck/schemacheck/internal/testenv"
	"github.com/schemacheck/schemacheck/matrix"
)

const matrixConfig = `version: 1
contracts:
  - name: api
    path: api/openapi.yaml
clients:
  - name: ios
    platform: ios
    contract: api
    versions:
      - {version: "0.9", ref: v1.0.0, supported: false}
      - {version: "1.0", ref: v1.0.0}
      - {version: "1.1", ref: v1.1.0}
  - name: web
    platform: web
    contract: api
    tolerance: {unknown_enum_values: true}
    versions:
      - {version: "2", ref: v1.0.0}
  - name: android
    contract: api
    versions:
      - {version: "5", path: clients/android-5.yaml}
servers:
  tags: v*
  paths:
    - {version: staging, path: staging/openapi.yaml}
`

// matrixContract is the shop API with the parts each release changes.
func matrixContract(enum, extraPath, phone, limitRequired string) string {
	return fmt.Sprintf(`openapi: 3.0.3
info: {title: shop, version: "1"}
paths:
  /orders:
    get:
      parameters:
        - {name: limit, in: query, required: %s, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Order"}
%scomponents:
  schemas:
    Order:
      type: object
      required: [id, status]
      properties:
        id: {type: integer}
        status: {type: string, enum: [%s]}
%s`, limitRequired, extraPath, enum, phone)
}

const (
	productsPath = `  /products:
    get:
      responses:
        "200": {description: ok}
`
	phoneProperty = "        phone: {type: string}\n"
)

// matrixRepo builds a repository with three tagged releases and a change:
// v1.1.0 adds an enum value (breaks only readers that reject unknown
// values) and an operation (a rollback to v1.0.0 loses it); v2.0.0 drops a
// property; the working tree makes a query parameter required.
func matrixRepo(t *testing.T) *gittest.Repo {
	t.Helper()
	v1 := matrixContract("open, paid", "", phoneProperty, "false")
	v11 := matrixContract("open, paid, refunded", productsPath, phoneProperty, "false")
	v2 := matrixContract("open, paid, refunded", productsPath, "", "false")
	repo := gittest.New(t)
	repo.Write(map[string]string{"README": "a release before the API"})
	repo.Commit("0.0.1")
	repo.Git("tag", "v0.0.1")
	repo.Write(map[string]string{"schemacheck.yaml": matrixConfig, "api/openapi.yaml": v1,
		"clients/android-5.yaml": v1, "staging/openapi.yaml": v2})
	repo.Commit("1.0")
	repo.Git("tag", "v1.0.0")
	repo.Write(map[string]string{"api/openapi.yaml": v11})
	repo.Commit("1.1")
	repo.Git("tag", "v1.1.0")
	repo.Write(map[string]string{"api/openapi.yaml": v2})
	repo.Commit("2.0")
	repo.Git("tag", "-a", "-m", "2.0", "v2.0.0") // annotated: peeled to its commit
	repo.Git("tag", "other-tag")                 // not a server version
	repo.Write(map[string]string{"api/openapi.yaml": matrixContract("open, paid, refunded", productsPath, "", "true")})
	return repo
}

func openMatrix(t *testing.T, dir string) *MatrixResult {
	t.Helper()
	t.Chdir(dir)
	p, err := Open(OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := p.Matrix(MatrixOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// grid is the matrix as one line per row: "label: status/direction …".
func grid(m *matrix.Matrix) string {
	var b strings.Builder
	for ri, r := range m.Rows {
		fmt.Fprintf(&b, "%s:", r.Label())
		for _, c := range m.Cells[ri] {
			fmt.Fprintf(&b, " %s", c.Status)
			switch c.Direction {
			case matrix.Rollback:
				b.WriteString("↩")
			case matrix.Same:
				b.WriteString("=")
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestMatrixOverTaggedReleases(t *testing.T) {
	res := openMatrix(t, matrixRepo(t).Dir)
	if len(res.Matrices) != 1 {
		t.Fatalf("got %d matrices, want 1", len(res.Matrices))
	}
	m := res.Matrices[0]
	var cols []string
	for _, c := range m.Columns {
		cols = append(cols, c.Version)
	}
	if got, want := strings.Join(cols, " "), "v1.0.0 v1.1.0 v2.0.0 staging this change"; got != want {
		t.Errorf("columns = %q, want %q", got, want)
	}
	if want := "matrix api: tag v0.0.1 has no api/openapi.yaml; column left out"; len(res.Notes) != 2 || res.Notes[1] != want {
		t.Errorf("notes = %q, want %q", res.Notes, want)
	}
	// ios rejects the enum value v1.1.0 adds, web tolerates it; android is
	// pinned by a file with v1.0.0's bytes; ios 1.1 against v1.0.0 is the
	// rollback that loses GET /products; staging serves v2.0.0's bytes.
	// Each client's next release, built on this change, works with every
	// server since v1.1.0 (it always sends the now-required limit).
	want := `ios 0.9: compatible= breaking breaking breaking breaking
ios 1.0: compatible= breaking breaking breaking breaking
ios 1.1: breaking↩ compatible= breaking breaking breaking
ios next: breaking↩ compatible↩ compatible↩ compatible↩ compatible=
web 2: compatible= compatible breaking breaking breaking
web next: breaking↩ compatible↩ compatible↩ compatible↩ compatible=
android 5: compatible= breaking breaking breaking breaking
android next: breaking↩ compatible↩ compatible↩ compatible↩ compatible=
`
	if got := grid(m); got != want {
		t.Errorf("grid:\n%s\nwant:\n%s", got, want)
	}
	if m.Rows[0].Supported || m.Rows[1].Tolerance.UnknownEnumValues || !m.Rows[4].Tolerance.UnknownEnumValues || !m.Rows[5].Tolerance.UnknownEnumValues {
		t.Errorf("rows lost their support or tolerance: %+v", m.Rows)
	}
	// Each distinct contract is parsed once: v1.0.0 (also the android
	// file), v1.1.0, v2.0.0 (also staging) and the working tree.
	if len(res.sources.held) != 4 {
		t.Errorf("loaded %d distinct contract versions, want 4: %v", len(res.sources.held), keys(res.sources.held))
	}
	// Only supported released client versions' cells fail the run, each
	// message naming its cell.
	for _, f := range res.Findings {
		if strings.HasPrefix(f.Message, "ios 0.9 ") || strings.Contains(f.Message, " next ") {
			t.Errorf("an unsupported or unreleased version's finding fails the run: %s", f.Message)
		}
	}
	// The change is judged against the merge-base with main (its last
	// commit): the cells against released servers are the same there, so
	// the broken ones are shown as broken at base and fail nothing; what
	// fails is the required limit this change adds, in the 4 cells of the
	// supported released versions against it.
	if got := len(m.Failing()); got != 4 {
		t.Errorf("%d failing cells, want 4", got)
	}
	if !hasMessage(res.Findings, "ios 1.1 × server v1.0.0 (new client, old server) is already broken at the base") {
		t.Errorf("the rollback cell is not shown as broken at base: %v", res.Findings)
	}
	if !hasMessage(res.Findings, `4 client-version × server cells of api: GET /orders: query parameter "limit" is now required`) {
		t.Errorf("the change's own break is missing: %v", res.Findings)
	}
	for _, f := range res.Findings {
		if f.Severity == finding.SeverityError && !strings.Contains(f.Message, `"limit"`) {
			t.Errorf("a break that was there at the base fails the run: %s", f.Message)
		}
	}

	for _, format := range matrix.Formats {
		var buf bytes.Buffer
		if err := matrix.Write(&buf, format, res.Matrices); err != nil {
			t.Fatal(err)
		}
		checkGolden(t, "testdata/matrix/tagged."+format, buf.String())
	}
}

// TestMatrixWithoutBase: with no base to judge by (no default branch),
// every breaking cell of a supported released version fails the run.
func TestMatrixWithoutBase(t *testing.T) {
	repo := matrixRepo(t)
	repo.Git("branch", "-m", "main", "trunk")
	res := openMatrix(t, repo.Dir)
	m := res.Matrices[0]
	if got := len(m.Failing()); got != 15 {
		t.Errorf("%d failing cells, want 15", got)
	}
	if !hasMessage(res.Findings, "ios 1.1 × server v1.0.0 (new client, old server): GET /products removed") {
		t.Errorf("the rollback finding is missing: %v", res.Findings)
	}
	for _, row := range m.Cells {
		for _, c := range row {
			if c.Base != nil || c.Change != matrix.Unchanged {
				t.Fatalf("a cell was judged without a base: %+v", c)
			}
		}
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func hasMessage(fs []finding.Finding, prefix string) bool {
	for _, f := range fs {
		if strings.HasPrefix(f.Message, prefix) {
			return true
		}
	}
	return false
}

// TestMatrixErrorsNameTheConfigEntry: a pin that cannot be read is a
// configuration error naming the client version and what is missing.
func TestMatrixErrorsNameTheConfigEntry(t *testing.T) {
	for name, tc := range map[string]struct{ config, want string }{
		"unknown ref": {
			config: strings.Replace(matrixConfig, `ref: v1.1.0}`, `ref: v9.9.9}`, 1),
			want:   `clients[0].versions[2] (ios 1.1)`,
		},
		"missing path": {
			config: strings.Replace(matrixConfig, "clients/android-5.yaml", "clients/nope.yaml", 1),
			want:   "clients[2].versions[0] (android 5): clients/nope.yaml",
		},
		"missing server path": {
			config: strings.Replace(matrixConfig, "path: staging/openapi.yaml", "path: staging/nope.yaml", 1),
			want:   "servers.paths[0] (staging)",
		},
	} {
		t.Run(name, func(t *testing.T) {
			repo := matrixRepo(t)
			repo.Write(map[string]string{"schemacheck.yaml": tc.config})
			t.Chdir(repo.Dir)
			p, err := Open(OpenOptions{})
			if err != nil {
				t.Fatal(err)
			}
			_, err = p.Matrix(MatrixOptions{})
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "schemacheck.yaml") {
				t.Fatalf("error = %v, want one naming schemacheck.yaml and %q", err, tc.want)
			}
		})
	}
}

// TestMatrixWithoutClients says why there is no matrix instead of failing.
func TestMatrixWithoutClients(t *testing.T) {
	repo := gittest.New(t)
	repo.Write(map[string]string{
		"schemacheck.yaml": "version: 1\ncontracts:\n  - {name: api, path: api/openapi.yaml}\n",
		"api/openapi.yaml": matrixContract("a", "", "", "false"),
	})
	res := openMatrix(t, repo.Dir)
	if len(res.Matrices) != 0 || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "clients:") {
		t.Errorf("matrices %d, notes %q", len(res.Matrices), res.Notes)
	}
}

// TestMatrixJSONSchemaContract: an event schema's clients read what the
// server writes, so a server that starts writing a type the client's
// schema rejects breaks the client.
func TestMatrixJSONSchemaContract(t *testing.T) {
	schema := `{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
 "properties": {"total": {"type": %s}}}`
	repo := gittest.New(t)
	repo.Write(map[string]string{
		"schemacheck.yaml": `version: 1
contracts:
  - {name: order-placed, path: events/order.json, kind: jsonschema}
clients:
  - {name: billing, contract: order-placed, versions: [{version: "1", ref: v1}]}
servers: {tags: "v*"}
`,
		"events/order.json": fmt.Sprintf(schema, `"integer"`),
	})
	repo.Commit("v1")
	repo.Git("tag", "v1")
	repo.Write(map[string]string{"events/order.json": fmt.Sprintf(schema, `"number"`)})
	res := openMatrix(t, repo.Dir)
	if got, want := grid(res.Matrices[0]), "billing 1: compatible= breaking\nbilling next: compatible↩ compatible=\n"; got != want {
		t.Errorf("grid %q, want %q; findings %v", got, want, res.Findings)
	}
}

// TestMatrixPassesReaderTolerance: a server adding a response property
// breaks only the client that rejects unknown properties, and a new enum
// value only the one that rejects unknown values.
func TestMatrixPassesReaderTolerance(t *testing.T) {
	v1 := matrixContract("open", "", "", "false")
	v2 := matrixContract("open, paid", "", phoneProperty, "false")
	repo := gittest.New(t)
	repo.Write(map[string]string{
		"schemacheck.yaml": `version: 1
contracts: [{name: api, path: api/openapi.yaml}]
clients:
  - {name: strict, contract: api, tolerance: {unknown_properties: false, unknown_enum_values: true}, versions: [{version: "1", path: v1.yaml}]}
  - {name: enums, contract: api, versions: [{version: "1", path: v1.yaml}]}
  - {name: lenient, contract: api, tolerance: {unknown_enum_values: true}, versions: [{version: "1", path: v1.yaml}]}
`,
		"v1.yaml": v1, "api/openapi.yaml": v2,
	})
	m := openMatrix(t, repo.Dir).Matrices[0]
	want := "strict 1: breaking\nstrict next: compatible=\nenums 1: breaking\nenums next: compatible=\nlenient 1: compatible\nlenient next: compatible=\n"
	if got := grid(m); got != want {
		t.Errorf("grid:\n%s\nwant:\n%s", got, want)
	}
	for ri, rule := range map[int]string{0: "SC-API021", 2: "SC-API011"} {
		if fs := m.Cells[ri][0].Findings; len(fs) != 1 || fs[0].RuleID != rule {
			t.Errorf("%s: findings %v, want one %s", m.Rows[ri].Label(), fs, rule)
		}
	}
}

// TestMatrixDemo pins the README demo's matrix: both directions appear
// (upgrades and rollbacks), the unsupported Flutter 0.9.0 fails nothing,
// and the web app tolerates the enum value this change adds.
func TestMatrixDemo(t *testing.T) {
	res := openMatrix(t, buildDemo(t))
	if len(res.Matrices) != 1 {
		t.Fatalf("%d matrices, want the shop API's", len(res.Matrices))
	}
	var b bytes.Buffer
	if err := matrix.Text(&b, res.Matrices); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"new client, old server", "old client, new server", "flutter 0.9.0 (unsupported)"} {
		if !strings.Contains(out, want) {
			t.Errorf("the demo matrix lacks %q", want)
		}
	}
	checkGolden(t, filepath.Join("testdata", "matrix", "demo.text"), out)
}

// BenchmarkMatrixStripe: the corpus's two Stripe versions as server files
// and client pins (no git), plus this change: 3 rows × 3 columns, 3
// documents parsed, 6 distinct diffs (0.7 s/op on 2 cores, 2026-12-04).
// bench/matrix.sh times ten versions.
func BenchmarkMatrixStripe(b *testing.B) {
	stripe := filepath.Join(testenv.Corpus(b), "openapi", "stripe")
	dir := b.TempDir()
	for _, name := range []string{"old.json", "new.json"} {
		src, err := os.ReadFile(filepath.Join(stripe, name))
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), src, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	src, _ := os.ReadFile(filepath.Join(dir, "new.json"))
	change := bytes.Replace(src, []byte(`"paths": {`), []byte(`"paths": {"/v1/bench": {"get": {"responses": {"200": {"description": "ok"}}}},`), 1)
	if bytes.Equal(change, src) {
		b.Fatal("could not add an operation to new.json")
	}
	os.WriteFile(filepath.Join(dir, "api.json"), change, 0o644)
	os.WriteFile(filepath.Join(dir, "schemacheck.yaml"), []byte(`version: 1
contracts: [{name: stripe, path: api.json}]
clients: [{name: ios, contract: stripe, versions: [{version: "1", path: old.json}, {version: "2", path: new.json}]}]
servers: {paths: [{version: "2021", path: old.json}, {version: "2022", path: new.json}]}
`), 0o644)
	b.Chdir(dir)
	p, err := Open(OpenOptions{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := p.Matrix(MatrixOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestMatrixFollowsFileRefsPerRevision: the root document is byte-for-byte
// the same at v1 and in this change, but the file its $ref names changed:
// the two are different contract versions, each read at its own revision.
func TestMatrixFollowsFileRefsPerRevision(t *testing.T) {
	root := `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /orders:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "./order.yaml"}
`
	repo := gittest.New(t)
	repo.Write(map[string]string{
		"schemacheck.yaml": "version: 1\ncontracts: [{name: api, path: api/openapi.yaml}]\n" +
			"clients: [{name: ios, contract: api, versions: [{version: '1', ref: v1}]}]\nservers: {tags: 'v*'}\n",
		"api/openapi.yaml": root,
		"api/order.yaml":   "type: object\nproperties:\n  id: {type: integer}\n  phone: {type: string}\n",
	})
	repo.Commit("v1")
	repo.Git("tag", "v1")
	repo.Write(map[string]string{"api/order.yaml": "type: object\nproperties:\n  id: {type: integer}\n"})
	res := openMatrix(t, repo.Dir)
	if got, want := grid(res.Matrices[0]), "ios 1: compatible= breaking\nios next: compatible↩ compatible=\n"; got != want {
		t.Errorf("grid %q, want %q (findings %v)", got, want, res.Findings)
	}
	if !hasMessage(res.Findings, `ios 1 × server this change (old client, new server): schema api/order.yaml: property "phone" removed`) {
		t.Errorf("the removed property in order.yaml is not reported: %v", res.Findings)
	}
}

// TestMatrixReadsEveryContractKind: the matrix reads contracts through the
// same handlers as diff and check, so a Swagger 2.0 contract works there
// too (it was refused), and a JSON Schema contract's mode and
// strict_content decide its cells (they were ignored: every cell was a
// lenient backward check).
func TestMatrixReadsEveryContractKind(t *testing.T) {
	swagger := `swagger: "2.0"
info: {title: t, version: "1"}
paths:
  /pets:
    get:
      responses: {"200": {description: ok, schema: {type: object, properties: {name: {type: string, maxLength: %s}}}}}
`
	schema := `{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
 "properties": {"status": {"enum": [%s]}%s}}`
	for _, tc := range []struct {
		name, config, v1, head, want string
	}{
		{"swagger", "{name: api, path: api/swagger.yaml}", fmt.Sprintf(swagger, "10"), fmt.Sprintf(swagger, "20"),
			"ios 1: compatible= breaking\nios next: compatible↩ compatible=\n"},
		// A value added to what the server writes breaks the client that
		// reads it (backward, the default); in forward mode the server
		// reads what clients write, which the new value does not break.
		{"backward", "{name: api, path: events/e.json}", fmt.Sprintf(schema, `"a"`, ""), fmt.Sprintf(schema, `"a", "b"`, ""),
			"ios 1: compatible= breaking\nios next: compatible↩ compatible=\n"},
		{"forward", "{name: api, path: events/e.json, mode: forward}", fmt.Sprintf(schema, `"a"`, ""), fmt.Sprintf(schema, `"a", "b"`, ""),
			"ios 1: compatible= compatible\nios next: breaking↩ compatible=\n"},
		// A constrained property in the reader's schema that the writer's
		// open model leaves free breaks a strict reader only: data may
		// already carry the name with another type (the next client,
		// reading the released server).
		{"lenient", "{name: api, path: events/e.json}", fmt.Sprintf(schema, `"a"`, ""), fmt.Sprintf(schema, `"a"`, `, "note": {"type": "string"}`),
			"ios 1: compatible= compatible\nios next: compatible↩ compatible=\n"},
		{"strict", "{name: api, path: events/e.json, strict_content: true}", fmt.Sprintf(schema, `"a"`, ""), fmt.Sprintf(schema, `"a"`, `, "note": {"type": "string"}`),
			"ios 1: compatible= compatible\nios next: breaking↩ compatible=\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := "events/e.json"
			if tc.name == "swagger" {
				path = "api/swagger.yaml"
			}
			repo := gittest.New(t)
			repo.Write(map[string]string{
				"schemacheck.yaml": "version: 1\ncontracts: [" + tc.config + "]\n" +
					"clients: [{name: ios, contract: api, versions: [{version: '1', ref: v1}]}]\nservers: {tags: 'v*'}\n",
				path: tc.v1,
			})
			repo.Commit("v1")
			repo.Git("tag", "v1")
			repo.Write(map[string]string{path: tc.head})
			res := openMatrix(t, repo.Dir)
			if got := grid(res.Matrices[0]); got != tc.want {
				t.Errorf("grid %q, want %q; findings %v", got, tc.want, res.Findings)
			}
		})
	}
}
