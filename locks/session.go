package locks

import "strings"

// Session is what the lock table needs to know of the session a statement
// runs in. The zero value is a session whose settings the migrations do not
// show (the server's defaults).
type Session struct {
	// TimeZone is the session's TimeZone setting as the migrations or the
	// migration tool's connection set it; empty when unknown.
	TimeZone string
}

// utcZones are the TimeZone spellings PostgreSQL reads as a zone with a
// zero UTC offset at every date, so that converting between timestamp and
// timestamptz changes no stored value (TimestampTimestampTzRequiresRewrite
// in tablecmds.c). TestTimeZoneSpellings runs each on PostgreSQL.
var utcZones = map[string]bool{
	"utc": true, "etc/utc": true, "gmt": true, "etc/gmt": true, "zulu": true, "etc/zulu": true,
	"uct": true, "etc/uct": true, "universal": true, "etc/universal": true, "greenwich": true,
	"etc/greenwich": true, "gmt0": true, "etc/gmt0": true, "gmt+0": true, "etc/gmt+0": true,
	"gmt-0": true, "etc/gmt-0": true, "0": true, "+0": true, "-0": true, "+00": true, "-00": true,
	"+00:00": true, "00:00": true,
}

// UTC reports whether the session's TimeZone is known to be UTC (or another
// spelling of a zero offset). An unknown TimeZone is not: servers often run
// with the machine's local zone.
func (s Session) UTC() bool {
	return utcZones[strings.ToLower(s.TimeZone)]
}
