package config

import (
	"encoding/json"
	"slices"
)

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

func sorted(s []string) []string { slices.Sort(s); return s }
