package config

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
)

// Error is one problem in a config file, located by line, column and key path.
type Error struct {
	File    string
	Line    int // 1-based; 0 when the problem is about the whole file
	Column  int
	KeyPath string // e.g. databases[0].layout
	Message string
	Hint    string // e.g. `did you mean "goose"?`
}

func (e *Error) Error() string {
	s := e.File
	if e.Line > 0 {
		s += fmt.Sprintf(":%d:%d", e.Line, e.Column)
	}
	s += ": "
	if e.KeyPath != "" {
		s += e.KeyPath + ": "
	}
	s += e.Message
	if e.Hint != "" {
		s += "; " + e.Hint
	}
	return s
}

// joinErrors sorts errs by position and joins them, or returns nil.
func joinErrors(errs []*Error) error {
	if len(errs) == 0 {
		return nil
	}
	slices.SortStableFunc(errs, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
	// Two checks can find the same problem (e.g. the schema and the key
	// walk); report each once.
	errs = slices.CompactFunc(errs, func(a, b *Error) bool { return a.Error() == b.Error() })
	list := make([]error, len(errs))
	for i, e := range errs {
		list[i] = e
	}
	return errors.Join(list...)
}
