// Package fetch reads a document over HTTP for the contract loaders, the
// one place schemacheck touches the network (only when a contract allows
// external $refs): bounded in time and in size, so a slow or huge remote
// cannot stall or exhaust a CI run.
package fetch

import (
	"fmt"
	"io"
	"net/http"
	"time"
)

// Timeout bounds one request, connection to last byte.
const Timeout = 30 * time.Second

var client = &http.Client{Timeout: Timeout}

// Get returns the body of url, refusing a status other than 200 and a body
// larger than limit bytes.
func Get(url string, limit int64) ([]byte, error) {
	resp, err := client.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", url, err)
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("%s is larger than %d MiB", url, limit>>20)
	}
	return body, nil
}
