package schemacheck

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/internal/gittest"
)

const crossConfig = `version: 1
databases:
  - name: main
    migrations: db/migrations
contracts:
  - name: api
    path: api/openapi.yaml
clients:
  - name: ios
    contract: api
    versions:
      - {version: "1.0", ref: v1.0, supported: %s}
      - {version: "1.1", path: api/ios-1.1.yaml}
  - name: android
    contract: api
    versions:
      - {version: "0.9", ref: v0.9, supported: false}
`

const crossContract = `openapi: 3.0.3
info: {title: users, version: "%s"}
paths:
  /users/{id}:
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/User"}}}}
components:
  schemas:
    User:
      type: object
      required: [id, email]
      properties:
        id: {type: integer, format: int64}
        email: {type: string}
%s`

// TestCrossLayerPinnedClients builds a repository whose client versions
// are pinned to git revisions: ios 1.0 (supported) was built when users had
// a nickname column, android 0.9 (unsupported) when it had an avatar. The
// change drops both columns; only the supported version is a finding, at
// the statement that drops the column it still exposes.
func TestCrossLayerPinnedClients(t *testing.T) {
	repo := gittest.New(t)
	repo.Write(map[string]string{
		"db/migrations/0001_users.sql": "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, nickname text, avatar text);\n",
		"api/openapi.yaml":             fmt.Sprintf(crossContract, "0.9", "        avatar: {type: string, nullable: true}\n"),
		"api/ios-1.1.yaml":             fmt.Sprintf(crossContract, "1.1", ""),
	})
	repo.Commit("android 0.9")
	repo.Git("tag", "v0.9")
	repo.Write(map[string]string{
		"api/openapi.yaml": fmt.Sprintf(crossContract, "1.0", "        nickname: {type: string, nullable: true}\n"),
	})
	repo.Commit("ios 1.0")
	repo.Git("tag", "v1.0")
	// The change: both columns go, and the contract no longer has them.
	repo.Write(map[string]string{
		"db/migrations/0002_drop.sql": "ALTER TABLE users DROP COLUMN nickname;\nALTER TABLE users DROP COLUMN avatar;\n",
		"api/openapi.yaml":            fmt.Sprintf(crossContract, "2.0", ""),
	})
	t.Chdir(repo.Dir)

	for _, tc := range []struct{ name, supported string }{
		{"supported", "true"},
		{"unsupported", "false"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := os.WriteFile("schemacheck.yaml", []byte(fmt.Sprintf(crossConfig, tc.supported)), 0o644); err != nil {
				t.Fatal(err)
			}
			p, err := Open(OpenOptions{})
			if err != nil {
				t.Fatal(err)
			}
			res, err := p.CrossLayer()
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, f := range res.Findings {
				fmt.Fprintf(&b, "%s %s %s %s\n", f.Location, f.Severity, f.RuleID, f.Message)
				for _, d := range f.Details {
					fmt.Fprintf(&b, "    %s\n", d)
				}
				if _, ok := res.Source(f.Location.File); !ok {
					t.Errorf("%s: the result lacks the source of the file a finding points at", f.Location)
				}
			}
			checkGolden(t, filepath.Join("testdata", "crosslayer", "pinned-"+tc.name+".golden"), b.String())
		})
	}
}
