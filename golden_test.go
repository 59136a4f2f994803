package schemacheck

import "flag"

// update rewrites the golden files of this package's tests (go test -update).
// One definition for the package: a second flag.Bool("update") would panic.
var update = flag.Bool("update", false, "rewrite golden files")
