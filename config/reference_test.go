package config

import (
	"os"
	"strings"
	"testing"
)

func TestReferenceIsUpToDate(t *testing.T) {
	got, err := os.ReadFile("../docs/config-reference.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != Reference() {
		t.Fatal("docs/config-reference.md is stale: run go generate ./config")
	}
	for _, key := range []string{"`pg_version`", "## `databases`", "`layout`", "## `clients.versions`", "`unknown_enum_values`"} {
		if !strings.Contains(string(got), key) {
			t.Errorf("reference does not document %s", key)
		}
	}
}
