package suggest

import "testing"

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"goose", "goose", 0},
		{"gooose", "goose", 1},
		{"gsoose", "goose", 1},
		{"ogose", "goose", 1}, // transposition
		{"flyway", "dbmate", 6},
		{"", "abc", 3},
	} {
		if got := Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestClosest(t *testing.T) {
	candidates := []string{"databases", "contracts", "clients", "servers", "pg_version"}
	for _, tc := range []struct {
		word, want string
		ok         bool
	}{
		{"databse", "databases", true},
		{"Contracts", "contracts", true},
		{"pgversion", "pg_version", true},
		{"zzz", "", false},
		{"x", "", false},
	} {
		got, ok := Closest(tc.word, candidates)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Closest(%q) = %q, %v; want %q, %v", tc.word, got, ok, tc.want, tc.ok)
		}
	}
}
