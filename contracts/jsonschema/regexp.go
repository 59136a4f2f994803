package jsonschema

import (
	"regexp"
	"time"

	"github.com/dlclark/regexp2"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// RegexpEngine compiles a schema's pattern as JSON Schema defines it, an
// ECMA-262 regular expression. Go's regexp (RE2) compiles most and cannot
// backtrack, so it is tried first; a pattern it refuses, such as a
// lookahead (Linode's usernames: ^[a-zA-Z0-9]((?![_-]{2,})…)+…$), is
// compiled by regexp2 in ECMAScript mode, with a time limit on every
// match so a pattern that backtracks without end cannot stall a diff.
// Before, such a pattern made the whole schema fail the meta-schema's
// regex check, and the change it was part of went uncompared.
func RegexpEngine(s string) (jsonschema.Regexp, error) {
	if re, err := regexp.Compile(s); err == nil {
		return re, nil
	}
	re, err := regexp2.Compile(s, regexp2.ECMAScript)
	if err != nil {
		return nil, err
	}
	re.MatchTimeout = matchTimeout
	return ecmaRegexp{re}, nil
}

// matchTimeout bounds one match of a backtracking pattern; a match that
// runs out counts as no match.
const matchTimeout = 100 * time.Millisecond

type ecmaRegexp struct{ re *regexp2.Regexp }

func (r ecmaRegexp) MatchString(s string) bool {
	ok, err := r.re.MatchString(s)
	return err == nil && ok
}

func (r ecmaRegexp) String() string { return r.re.String() }
