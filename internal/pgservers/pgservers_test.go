package pgservers_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/schemacheck/schemacheck/internal/pgservers"
)

// TestStart starts the oldest and the newest pinned version and checks
// each server is the major version it claims to be (the lock oracle starts
// all of them).
func TestStart(t *testing.T) {
	majors := pgservers.Majors()
	for _, s := range pgservers.Start(t, majors[0], majors[len(majors)-1]) {
		conn, err := pgx.Connect(context.Background(), s.URL)
		if err != nil {
			t.Fatal(err)
		}
		var v string
		if err := conn.QueryRow(context.Background(), "SHOW server_version").Scan(&v); err != nil {
			t.Fatal(err)
		}
		conn.Close(context.Background())
		if !strings.HasPrefix(v, strconv.Itoa(s.Major)+".") {
			t.Errorf("PostgreSQL %d: server_version %s", s.Major, v)
		}
	}
}
