package schemacheck

import (
	"fmt"
	"slices"
	"testing"
)

// TestIgnoreCommentsApplyToEveryCheck: a schemacheck:ignore comment in a
// migration silences a finding whatever raised it (here the database diff's
// SC-DB510, which no lint rule raises), is not reported as an unknown rule,
// and is reported as unused when it silences nothing.
func TestIgnoreCommentsApplyToEveryCheck(t *testing.T) {
	// DROP INDEX without CONCURRENTLY also raises the lint rule SC-DB102,
	// which the comments leave alone.
	const drop = "SET lock_timeout = '2s';\n%sDROP INDEX users_email_key;\n"
	for _, tc := range []struct {
		name, comment string
		want          []string
	}{
		{"no comment", "", []string{"SC-DB102 db/migrations/0003_drop.up.sql:2:1", "SC-DB510 db/migrations/0003_drop.up.sql:2:1"}},
		{"by ID", "-- schemacheck:ignore SC-DB510 nothing uses it since 2.0\n", []string{"SC-DB102 db/migrations/0003_drop.up.sql:3:1"}},
		{"by name, file-wide", "-- schemacheck:ignore-file schema-object-removed\n", []string{"SC-DB102 db/migrations/0003_drop.up.sql:3:1"}},
		{"unused", "-- schemacheck:ignore SC-DB511 wrong rule\n", []string{
			"SC-DB051 db/migrations/0003_drop.up.sql:2:1",
			"SC-DB102 db/migrations/0003_drop.up.sql:3:1",
			"SC-DB510 db/migrations/0003_drop.up.sql:3:1",
		}},
		{"unknown", "-- schemacheck:ignore SC-DB5100 typo\n", []string{
			"SC-DB050 db/migrations/0003_drop.up.sql:2:1",
			"SC-DB102 db/migrations/0003_drop.up.sql:3:1",
			"SC-DB510 db/migrations/0003_drop.up.sql:3:1",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := fmt.Sprintf(drop, tc.comment)
			repo := pullRequest(t, map[string]string{
				"db/migrations/0003_drop.up.sql":   src,
				"db/migrations/0003_drop.down.sql": "CREATE UNIQUE INDEX users_email_key ON users (email);\n",
			})
			if got := diffIn(t, repo.Dir, DiffOptions{}); !slices.Equal(got, tc.want) {
				t.Errorf("findings:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}
