package fetch

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestGet(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok":
			w.Write([]byte("0123456789"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	if b, err := Get(srv.URL+"/ok", 10); err != nil || string(b) != "0123456789" {
		t.Errorf("Get within the limit = %q, %v", b, err)
	}
	if _, err := Get(srv.URL+"/ok", 9); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("Get over the limit: err = %v, want a size error", err)
	}
	if _, err := Get(srv.URL+"/missing", 10); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("Get of a missing document: err = %v, want the status", err)
	}
}
