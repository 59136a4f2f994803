// Package matrix computes and renders the compatibility matrix: client
// versions (rows) against server versions (columns), each cell the
// findings of comparing the contract the client was built against with
// the contract the server serves. It knows nothing about where contracts
// come from; the caller numbers the distinct documents and supplies the
// function that compares two of them.
package matrix

import (
	"runtime"
	"slices"
	"sync"

	"github.com/schemacheck/schemacheck/finding"
)

// Status is the verdict of one cell.
type Status int

const (
	Compatible Status = iota // nothing, or only notes
	Warnings                 // findings at warning severity
	Breaking                 // at least one error: the client fails against that server
)

func (s Status) String() string { return [...]string{"compatible", "warnings", "breaking"}[s] }

// MarshalText writes the status by name in JSON.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Direction says which way a cell looks in time, from the client's contract
// to the server's.
type Direction string

const (
	// Upgrade: an old client against a newer server (the server deploys first).
	Upgrade Direction = "old client, new server"
	// Rollback: a new client against an older server (a staged rollout that
	// releases the client first, or a server rolled back).
	Rollback Direction = "new client, old server"
	// Same: the client was built against exactly this contract.
	Same Direction = "same contract"
)

// Tolerance is what a client's generated code accepts in responses; it
// changes what breaks the client, so it is part of a diff's key.
type Tolerance struct {
	UnknownProperties bool `json:"unknown_properties"`
	UnknownEnumValues bool `json:"unknown_enum_values"`
}

// Row is a client version.
type Row struct {
	Client   string `json:"client"`
	Platform string `json:"platform,omitempty"`
	Version  string `json:"version"`
	// Pin is where its contract was read: "ref v1.2.0" or "path api/v1.yaml".
	Pin       string `json:"pin"`
	Supported bool   `json:"supported"`
	// Next marks the client's next release, built against this change: its
	// cells answer "may the app ship before the server deploys?" and are
	// shown without failing the run (a new feature is expected to need the
	// new server).
	Next      bool      `json:"next,omitempty"`
	Tolerance Tolerance `json:"tolerance"`
	// Doc numbers the contract version (equal numbers, equal bytes).
	Doc int `json:"-"`
}

// Label names the row in every format.
func (r Row) Label() string {
	if r.Next {
		return r.Client + " next"
	}
	return r.Client + " " + r.Version
}

// Gates says whether the row's breaking cells fail the run: a supported
// released version.
func (r Row) Gates() bool { return r.Supported && !r.Next }

// Column is a server version.
type Column struct {
	Version string `json:"version"`
	Pin     string `json:"pin"`
	// Current marks "this change": the contract in the working tree.
	Current bool `json:"current,omitempty"`
	Doc     int  `json:"-"`
}

// Cell is one client version against one server version.
type Cell struct {
	Status    Status            `json:"status"`
	Direction Direction         `json:"direction,omitempty"`
	Findings  []finding.Finding `json:"findings"`
	// Base is the cell's status at the base revision of the change under
	// review (see Judge); absent when the run has no base.
	Base *Status `json:"base,omitempty"`
	// AtBase indexes the Findings that the cell at the base has too: they
	// are already there, and never fail the run.
	AtBase []int `json:"at_base,omitempty"`
	// Change is what the change under review does to the cell.
	Change Change `json:"change,omitempty"`
}

// Change is what the change under review does to a cell: a pull request is
// judged by what it changes, so a cell that was already broken at its base
// is shown as such and never fails it.
type Change string

const (
	// Unchanged: the verdict is the base's, or there is no base.
	Unchanged Change = ""
	// AlreadyBroken: breaking, and every error was there at the base.
	AlreadyBroken Change = "already broken at base"
	// Broken: breaking with an error the base did not have.
	Broken Change = "broken by this change"
	// Fixed: breaking at the base, not any more.
	Fixed Change = "fixed by this change"
)

// New returns the findings that are not in the cell at the base: all of
// them when the run has no base.
func (c Cell) New() []finding.Finding {
	if len(c.AtBase) == 0 {
		return c.Findings
	}
	out := make([]finding.Finding, 0, len(c.Findings)-len(c.AtBase))
	for i, f := range c.Findings {
		if !slices.Contains(c.AtBase, i) {
			out = append(out, f)
		}
	}
	return out
}

// Judge compares m, the matrix of a change, with base, the same matrix at
// the change's base revision: each cell whose row and column the base has
// gets its status there, the indexes of its findings the base's cell has
// too (the same rule about the same thing, wherever it is located), and
// what the change does to it. Rows and columns are matched by name.
func (m *Matrix) Judge(base *Matrix) {
	rowAt := map[string]int{}
	for i, r := range base.Rows {
		rowAt[r.Label()] = i
	}
	colAt := map[string]int{}
	for i, c := range base.Columns {
		colAt[colLabel(c)] = i
	}
	for ri, r := range m.Rows {
		bri, ok := rowAt[r.Label()]
		if !ok {
			continue
		}
		for ci, col := range m.Columns {
			bci, ok := colAt[colLabel(col)]
			if !ok {
				continue
			}
			m.Cells[ri][ci].judge(base.Cells[bri][bci])
		}
	}
}

func (c *Cell) judge(base Cell) {
	st := base.Status
	c.Base = &st
	known := map[string]int{}
	for _, f := range base.Findings {
		known[identity(f)]++
	}
	c.AtBase = nil
	newErrors := false
	for i, f := range c.Findings {
		if k := identity(f); known[k] > 0 {
			known[k]--
			c.AtBase = append(c.AtBase, i)
			continue
		}
		newErrors = newErrors || f.Severity == finding.SeverityError
	}
	switch {
	case c.Status == Breaking && st == Breaking && !newErrors:
		c.Change = AlreadyBroken
	case c.Status == Breaking && newErrors:
		c.Change = Broken
	case c.Status != Breaking && st == Breaking:
		c.Change = Fixed
	default:
		c.Change = Unchanged
	}
}

// identity is what a finding of a cell is about, wherever it is located:
// the two versions of a cell are read from different revisions, so their
// findings' positions and file names may differ while they say the same.
func identity(f finding.Finding) string {
	key := f.Key
	if key == "" {
		key = f.Message
	}
	return f.RuleID + "\x00" + key
}

// Matrix is the grid for one contract. Cells[r][c] is Rows[r] against Columns[c].
type Matrix struct {
	Contract string   `json:"contract"`
	Rows     []Row    `json:"rows"`
	Columns  []Column `json:"columns"`
	Cells    [][]Cell `json:"cells"`
}

// DiffFunc compares the contract a client was built against (client) with
// the one a server serves (server), as the client's tolerance allows. It is
// called concurrently, at most once per distinct (client, server, tolerance).
type DiffFunc func(client, server int, tol Tolerance) []finding.Finding

// Compute fills the cells of a matrix with rows and columns, running the
// distinct diffs in parallel on at most workers goroutines (GOMAXPROCS
// when workers < 1). A client whose document is the server's needs no diff.
func Compute(contract string, rows []Row, cols []Column, diff DiffFunc, workers int) *Matrix {
	type job struct {
		client, server int
		tol            Tolerance
	}
	results := map[job][]finding.Finding{}
	var jobs []job
	for _, r := range rows {
		for _, c := range cols {
			j := job{r.Doc, c.Doc, r.Tolerance}
			if _, seen := results[j]; seen || r.Doc == c.Doc {
				continue
			}
			results[j] = nil
			jobs = append(jobs, j)
		}
	}
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(jobs))
	out := make([][]finding.Finding, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = diff(jobs[i].client, jobs[i].server, jobs[i].tol)
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, j := range jobs {
		results[j] = out[i]
	}

	m := &Matrix{Contract: contract, Rows: rows, Columns: cols, Cells: make([][]Cell, len(rows))}
	for ri, r := range rows {
		// Columns are in release order, so the first one serving the
		// client's own contract says which columns are older and newer.
		pos := -1
		for ci, c := range cols {
			if c.Doc == r.Doc {
				pos = ci
				break
			}
		}
		m.Cells[ri] = make([]Cell, len(cols))
		for ci, c := range cols {
			cell := Cell{Findings: results[job{r.Doc, c.Doc, r.Tolerance}]}
			switch {
			case r.Doc == c.Doc:
				cell.Direction = Same
			case pos >= 0 && ci < pos:
				cell.Direction = Rollback
			case pos >= 0 || c.Current:
				cell.Direction = Upgrade
			}
			cell.Status = statusOf(cell.Findings)
			m.Cells[ri][ci] = cell
		}
	}
	return m
}

func statusOf(fs []finding.Finding) Status {
	switch finding.Max(fs) {
	case finding.SeverityError:
		return Breaking
	case finding.SeverityWarning:
		return Warnings
	}
	return Compatible
}

// Failing lists the cells of supported released client versions that
// break, as (row, column) pairs: what makes the run fail. A cell already
// broken at the base of the change does not.
func (m *Matrix) Failing() [][2]int {
	var out [][2]int
	for ri, r := range m.Rows {
		if !r.Gates() {
			continue
		}
		for ci, c := range m.Cells[ri] {
			if c.Status == Breaking && c.Change != AlreadyBroken {
				out = append(out, [2]int{ri, ci})
			}
		}
	}
	return out
}

// Counts tallies the cells by status.
func (m *Matrix) Counts() (counts [3]int) {
	for _, row := range m.Cells {
		for _, c := range row {
			counts[c.Status]++
		}
	}
	return counts
}
