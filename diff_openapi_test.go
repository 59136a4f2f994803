package schemacheck

import (
	"slices"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/internal/gittest"
)

const sunsetOld = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "schemas/pet.yaml#/Pet"}
    delete:
      deprecated: true
      x-sunset: "2020-01-01"
      responses: {"204": {description: ok}}
`

// TestDiffOpenAPIUsesTheContractsConfig: diffing the configured contract
// applies its deprecation_grace, and $refs to other files resolve in the
// repository.
func TestDiffOpenAPIUsesTheContractsConfig(t *testing.T) {
	for _, tc := range []struct {
		config string
		want   []string
	}{
		{"version: 1\ncontracts:\n  - path: api/openapi.yaml\n", []string{"SC-API009 api/schemas/pet.yaml"}},
		// A century of grace: the 2020 sunset has not passed yet.
		{"version: 1\ncontracts:\n  - path: api/openapi.yaml\n    deprecation_grace: 36500d\n", []string{"SC-API001 api/openapi.yaml", "SC-API009 api/schemas/pet.yaml"}},
	} {
		repo := gittest.New(t)
		repo.Write(map[string]string{
			"schemacheck.yaml":         tc.config,
			"api/old.yaml":             strings.Replace(sunsetOld, "schemas/pet.yaml", "schemas/old-pet.yaml", 1),
			"api/openapi.yaml":         strings.Split(sunsetOld, "    delete:")[0],
			"api/schemas/old-pet.yaml": "Pet: {type: object, properties: {id: {type: string}}}\n",
			"api/schemas/pet.yaml":     "Pet: {type: object, properties: {id: {type: integer}}}\n",
		})
		got := diffRules(t, repo.Dir, DiffOptions{Paths: []string{"api/old.yaml", "api/openapi.yaml"}})
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.config, got, tc.want)
		}
	}
}
