package matrix

import "github.com/schemacheck/schemacheck/finding"

// Rules are the matrix's own findings: what a change does to a cell of a
// supported client version, beyond the contract findings inside the cell.
func Rules() []finding.Rule { return []finding.Rule{RuleBrokenAtBase, RuleFixed} }

var (
	// RuleBrokenAtBase: a cell that breaks, where every error was there at
	// the base of the change.
	RuleBrokenAtBase = finding.Rule{
		ID:       "SC-MX001",
		Name:     "matrix-cell-broken-at-base",
		Severity: finding.SeverityInfo,
		Category: finding.CategoryContracts,
		Layer:    finding.LayerMatrix,
		Summary:  "A supported client version already breaks against a server version at the base of the change; the change does not make it worse.",
		Rationale: "A pull request is judged by what it changes. A client version that broke against a server before the " +
			"pull request (a field removed two releases ago, an enum value a strict client rejects) is a known problem of " +
			"the project, not of the change: failing every unrelated pull request on it teaches a team to switch the check " +
			"off. The cell is shown, with its findings, and never fails the run; an error the change adds to it does.",
		Bad: "# at the base: the ios 3.2 app reads Order.phone, which the server dropped in v4\n" +
			"# this pull request edits the README: ios 3.2 × this change is already broken at base",
		Good: "# stop supporting the version once it is gone from the field\n" +
			"clients:\n  - name: ios\n    versions:\n      - {version: \"3.2\", ref: v3.2, supported: false}",
		Fix: "Restore what the client needs on the server, or mark the client version supported: false once nobody runs it. " +
			"Until then the cell is reported as information only.",
	}

	// RuleFixed: a cell that broke at the base and does not any more.
	RuleFixed = finding.Rule{
		ID:       "SC-MX002",
		Name:     "matrix-cell-fixed",
		Severity: finding.SeverityInfo,
		Category: finding.CategoryContracts,
		Layer:    finding.LayerMatrix,
		Summary:  "The change fixes a cell: a supported client version that broke against a server version at the base works with it now.",
		Rationale: "Reviewers should see when a pull request repairs compatibility (a removed field restored, a required " +
			"parameter made optional again), so that a later change does not undo it unnoticed.",
		Bad:  "# at the base: GET /orders requires ?limit=, which ios 3.2 never sends",
		Good: "# this change makes limit optional again: ios 3.2 × this change is fixed",
		Fix:  "Nothing to fix: this is information.",
	}
)
