package schemacheck

import "hash/maphash"

// sources are the files a run read, kept for the code frames of the text
// report. Files read from a migration directory are not held (a lint of a
// large history would keep megabytes of text for a few frames): only
// their length and hash, and how to read them again; one that changed
// since gets no frame rather than a wrong one.
type sources struct {
	held  map[string][]byte
	again map[string]rereadable
	// last is the file Source read again most recently: the report asks
	// for one file's findings in a row.
	lastPath string
	last     []byte
}

// rereadable is a file Source can read again and recognise.
type rereadable struct {
	read func() ([]byte, error)
	size int
	sum  uint64
}

// sourceSeed hashes sources; the hashes never leave the process.
var sourceSeed = maphash.MakeSeed()

func (s *sources) hold(path string, src []byte) {
	if s.held == nil {
		s.held = map[string][]byte{}
	}
	s.held[path] = src
	delete(s.again, path)
}

// remember keeps what Source needs to read src again through read.
func (s *sources) remember(path string, src []byte, read func() ([]byte, error)) {
	s.keep(path, rereadable{read: read, size: len(src), sum: maphash.Bytes(sourceSeed, src)})
}

func (s *sources) keep(path string, r rereadable) {
	if s.again == nil {
		s.again = map[string]rereadable{}
	}
	s.again[path] = r
	delete(s.held, path)
}

func (s *sources) merge(o *sources) {
	for path, src := range o.held {
		s.hold(path, src)
	}
	for path, r := range o.again {
		s.keep(path, r)
	}
}

// get returns the contents path had when the run read it.
func (s *sources) get(path string) ([]byte, bool) {
	if b, ok := s.held[path]; ok {
		return b, true
	}
	r, ok := s.again[path]
	if !ok {
		return nil, false
	}
	if path == s.lastPath && s.last != nil {
		return s.last, true
	}
	b, err := r.read()
	if err != nil || len(b) != r.size || maphash.Bytes(sourceSeed, b) != r.sum {
		return nil, false
	}
	s.lastPath, s.last = path, b
	return s.last, true
}
