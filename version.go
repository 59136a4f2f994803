package schemacheck

import (
	"fmt"
	"runtime/debug"
)

// version and commit are stamped at release time with
// -ldflags "-X github.com/schemacheck/schemacheck.version=… -X …commit=…".
// Otherwise they come from the module build info.
var (
	version = ""
	commit  = ""
)

// VersionInfo is the module version and the VCS commit of this binary.
type VersionInfo struct {
	Version  string
	Commit   string
	Modified bool
}

func (v VersionInfo) String() string {
	s := v.Version
	if v.Commit != "" {
		c := v.Commit
		if len(c) > 12 {
			c = c[:12]
		}
		if v.Modified {
			c += "-dirty"
		}
		s += fmt.Sprintf(" (commit %s)", c)
	}
	return s
}

// Version reports what this binary was built from.
func Version() VersionInfo {
	v := VersionInfo{Version: version, Commit: commit}
	if info, ok := debug.ReadBuildInfo(); ok {
		if v.Version == "" {
			v.Version = info.Main.Version
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				if v.Commit == "" {
					v.Commit = s.Value
				}
			case "vcs.modified":
				v.Modified = s.Value == "true"
			}
		}
	}
	if v.Version == "" || v.Version == "(devel)" {
		v.Version = "devel"
	}
	return v
}
