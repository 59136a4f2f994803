//go:build !linux

package schemacheck

import "io/fs"

// beneath is Linux's openat2 handle (confine_linux.go); elsewhere every
// open goes through os.Root.
type beneath struct{}

func openBeneath(string) *beneath { return nil }

func (*beneath) openRegular(string) (fs.File, error, bool) { return nil, nil, false }

func (*beneath) readDir(string) ([]fs.DirEntry, error, bool) { return nil, nil, false }
