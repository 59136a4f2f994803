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
	// ahead, once set, reads the files the report will ask for next.
	ahead *readAhead
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
	b, ok := s.ahead.take(path)
	if !ok {
		b = r.reread()
	}
	if b == nil {
		return nil, false
	}
	s.lastPath, s.last = path, b
	return s.last, true
}

// reread reads the file again, or returns nil when it cannot be read or
// is no longer what the run read.
func (r rereadable) reread() []byte {
	b, err := r.read()
	if err != nil || len(b) != r.size || maphash.Bytes(sourceSeed, b) != r.sum {
		return nil
	}
	return b
}

// readAhead reads files again in the order a report will ask for them, a
// few ahead of it, so that reading overlaps formatting (a lint of the
// corpus reads 1,330 files again for its code frames). Each read runs on a
// goroutine of its own that ends when the read does, so a report that
// stops early leaves nothing running.
type readAhead struct {
	order   []rereadable
	index   map[string]int // position in order of each path
	done    []chan []byte  // each read's result, buffered
	started int            // reads started: order[:started]
	next    int            // first position not yet taken
}

// readAheadFiles is how many files are read before the report asks.
const readAheadFiles = 4

// readAhead starts reading ahead the files of paths (in the order the
// report will ask for them) that get would read again.
func (s *sources) readAhead(paths []string) {
	a := &readAhead{index: map[string]int{}}
	for _, p := range paths {
		if r, ok := s.again[p]; ok { // never also held: hold and keep exclude each other
			if _, seen := a.index[p]; !seen {
				a.index[p] = len(a.order)
				a.order = append(a.order, r)
			}
		}
	}
	a.done = make([]chan []byte, len(a.order))
	s.ahead = a
}

// take returns path's contents if path is the file the report was
// expected to ask for next, or a later one; ok is false otherwise.
func (a *readAhead) take(path string) (b []byte, ok bool) {
	if a == nil {
		return nil, false
	}
	i, ok := a.index[path]
	if !ok || i < a.next {
		return nil, false
	}
	for ; a.started < min(i+1+readAheadFiles, len(a.order)); a.started++ {
		ch, r := make(chan []byte, 1), a.order[a.started]
		a.done[a.started] = ch
		go func() { ch <- r.reread() }()
	}
	for ; a.next < i; a.next++ { // files the report skipped
		<-a.done[a.next]
		a.done[a.next] = nil
	}
	b = <-a.done[i]
	a.done[i] = nil
	a.next = i + 1
	return b, true
}
