package config

import "testing"

// Findings about a mapping (a table no migration creates) point at it.
func TestMappingPositions(t *testing.T) {
	cfg, err := Parse("schemacheck.yaml", []byte("contracts:\n  - path: a.yaml\nmappings:\n  - schema: '#/components/schemas/A'\n    table: a\n  -   schema: '#/components/schemas/B'\n      table: b\n"))
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range [][2]int{{4, 5}, {6, 7}} {
		if m := cfg.Mappings[i]; m.Line != want[0] || m.Column != want[1] {
			t.Errorf("mappings[%d] at %d:%d, want %d:%d", i, m.Line, m.Column, want[0], want[1])
		}
	}
}
