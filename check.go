package schemacheck

import "fmt"

// CheckOptions configure Check.
type CheckOptions struct {
	// Base is the git revision the change is compared with. Comparing with
	// a base needs the database diff, which is not available yet; Check
	// says so instead of silently ignoring it.
	Base string
}

// Check runs everything configured in schemacheck.yaml. Today that is the
// migration linter over every configured database; contracts, the database
// diff against a base revision and the matrix are not available yet, and a
// config that asks for them gets a clear error rather than a silent pass.
func (p *Project) Check(opts CheckOptions) (*Result, error) {
	if p.configFile == "" {
		return nil, fmt.Errorf("no schemacheck.yaml found from the current directory up: run 'schemacheck init' or pass --config")
	}
	if opts.Base != "" {
		return nil, fmt.Errorf("--base: comparing with a git revision is not available yet in this version; run check without --base to lint every configured database")
	}
	if len(p.cfg.Contracts) > 0 || len(p.cfg.Clients) > 0 {
		return nil, fmt.Errorf("%s: contracts and clients are not checked yet in this version; remove those sections or run 'schemacheck lint'", p.configFile)
	}
	return p.Lint(nil)
}
