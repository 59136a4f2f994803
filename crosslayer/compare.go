package crosslayer

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/contracts/openapi"
	"github.com/schemacheck/schemacheck/finding"
)

// kind is what a column type holds, as far as a JSON contract is concerned.
type kind int

const (
	kUnknown kind = iota // extension and composite types: not compared
	kInt
	kNumeric
	kFloat
	kBool
	kText
	kUUID
	kDate
	kTimestamp   // without time zone
	kTimestamptz // with time zone
	kTime
	kJSON
	kBytes
	kEnum
)

// colType is a column type classified for comparison with a contract.
type colType struct {
	kind             kind
	bits             int // kInt: 16, 32 or 64
	length           int // kText: n of varchar(n) / char(n); 0 when unbounded
	precision, scale int // kNumeric; precision 0 when unconstrained
	enum             *catalog.Enum
	dims             int  // array dimensions
	notNull          bool // a domain's NOT NULL
	name             string
}

var kinds = map[string]colType{
	"smallint": {kind: kInt, bits: 16}, "integer": {kind: kInt, bits: 32}, "bigint": {kind: kInt, bits: 64},
	"numeric": {kind: kNumeric}, "real": {kind: kFloat}, "double precision": {kind: kFloat},
	"boolean": {kind: kBool},
	"text":    {kind: kText}, "character varying": {kind: kText}, "character": {kind: kText}, "citext": {kind: kText}, "name": {kind: kText},
	"uuid": {kind: kUUID}, "date": {kind: kDate},
	"timestamp without time zone": {kind: kTimestamp}, "timestamp with time zone": {kind: kTimestamptz},
	"time without time zone": {kind: kTime}, "time with time zone": {kind: kTime},
	"json": {kind: kJSON}, "jsonb": {kind: kJSON}, "bytea": {kind: kBytes},
}

// classify resolves domains to their base type and enums to their labels.
func classify(cat *catalog.Catalog, t catalog.Type) colType {
	name, dims, notNull := t.String(), t.ArrayDims, false
	base := catalog.Type{Name: t.Name, Mods: t.Mods}
	for range 8 { // a domain over a domain over …
		d := cat.DomainOf(base)
		if d == nil {
			break
		}
		notNull = notNull || d.NotNull && dims == 0
		dims += d.Base.ArrayDims
		base = catalog.Type{Name: d.Base.Name, Mods: d.Base.Mods}
	}
	ct, ok := kinds[base.Name]
	if !ok {
		if e := cat.EnumOf(base); e != nil {
			ct = colType{kind: kEnum, enum: e}
		}
	}
	ct.dims, ct.notNull, ct.name = dims, notNull, name
	if base.Name != t.Name {
		ct.name += " (a domain over " + base.String() + ")"
	}
	switch ct.kind {
	case kText:
		if len(base.Mods) > 0 && base.Name != "text" {
			ct.length = base.Mods[0]
		}
	case kNumeric:
		if len(base.Mods) > 0 {
			ct.precision = base.Mods[0]
		}
		if len(base.Mods) > 1 {
			ct.scale = base.Mods[1]
		}
	}
	return ct
}

func (ct colType) elem() colType {
	ct.dims--
	ct.notNull = false
	ct.name = strings.TrimSuffix(ct.name, "[]")
	return ct
}

// aspect is the flow in which a mismatch breaks something.
type aspect int

const (
	onRead   aspect = iota // the server reads the column into a response
	onWrite                // the server writes a request's value into the column
	onCreate               // a create request (the body of a POST) inserts a row
	onEither               // both directions break
)

// verdict is one mismatch between a property and its column.
type verdict struct {
	rule   finding.Rule
	aspect aspect
	key    string // tells apart two verdicts of one rule on one property
	sev    finding.Severity
	msg    string
}

// pair is a property and the column it is stored in.
type pair struct {
	prop     *openapi.Property
	what     string // "User.email"
	col      *catalog.Column
	table    *catalog.Table
	colName  string // "public.users.email"
	ct       colType
	tolerant bool // the contract's readers tolerate unknown enum values
}

// compare returns every mismatch of p, in whichever direction it breaks;
// the caller keeps those whose direction the contract uses.
func compare(p pair) []verdict {
	var out []verdict
	if v := typeVerdict(p.prop, p.ct, p.what, p.colName); v != nil {
		out = append(out, *v)
	}
	out = append(out, lengthVerdicts(p.prop, p.ct, p.what, p.colName)...)
	out = append(out, nullVerdicts(p)...)
	out = append(out, enumVerdicts(p.prop, p.ct, p.what, p.colName, p.tolerant)...)
	return out
}

func describe(p *openapi.Property) string {
	s := p.Type
	if p.Format != "" {
		s += " (" + p.Format + ")"
	}
	if p.Type == "array" && p.Items != nil && p.Items.Type != "" {
		s = "array of " + describe(p.Items)
	}
	return s
}

var (
	decimalFormats = []string{"decimal", "number", "double", "float", "int32", "int64", "integer", "money"}
	integerFormats = []string{"int32", "int64", "integer"}
)

// typeVerdict compares the property's type and format with the column's.
func typeVerdict(p *openapi.Property, ct colType, what, col string) *verdict {
	if p.Type == "" || strings.Contains(p.Type, ",") || ct.kind == kUnknown {
		return nil // untyped or a union: anything goes
	}
	v := func(a aspect, sev finding.Severity, format string, args ...any) *verdict {
		return &verdict{rule: ruleTypeMismatch, aspect: a, sev: sev, msg: fmt.Sprintf(format, args...)}
	}
	kindMismatch := func() *verdict {
		return v(onEither, finding.SeverityError, "%s is %s but column %s is %s: neither can hold what the other does", what, describe(p), col, ct.name)
	}
	if ct.dims > 0 {
		if p.Type != "array" {
			return kindMismatch()
		}
		if p.Items == nil {
			return nil
		}
		return typeVerdict(p.Items, ct.elem(), what+"[]", col+"[]")
	}
	switch {
	case ct.kind == kJSON:
		return nil
	case p.Type == "array" || p.Type == "object":
		return kindMismatch()
	case ct.kind == kEnum:
		if p.Type != "string" {
			return kindMismatch()
		}
		return nil // the values are the enum rule's
	}
	switch p.Type {
	case "integer":
		switch ct.kind {
		case kInt:
			cbits := 64
			if p.Format == "" || p.Format == "int32" {
				cbits = 32
			}
			switch {
			case ct.bits > cbits && p.Format == "int32":
				return v(onRead, finding.SeverityError, "%s is integer (int32) but column %s is %s: values over %d overflow clients",
					what, col, ct.name, int64(math.MaxInt32))
			case ct.bits > cbits:
				return v(onRead, finding.SeverityWarning, "%s is integer without a format but column %s is %s: clients generated "+
					"for Java and Kotlin use 32-bit integers and overflow on values over %d; declare format: int64",
					what, col, ct.name, int64(math.MaxInt32))
			case ct.bits < 64 && p.Format == "int64" || ct.bits < 32 && p.Format == "int32":
				limit := int64(1)<<(ct.bits-1) - 1
				if p.HasMaximum && p.Maximum <= float64(limit) {
					return nil
				}
				return v(onWrite, finding.SeverityError, "%s is integer (%s) but column %s is %s: writes over %d fail with \"out of range\"",
					what, p.Format, col, ct.name, limit)
			}
		case kNumeric:
			if ct.scale > 0 {
				return v(onRead, finding.SeverityError, "%s is integer but column %s is %s: values with a fraction break clients", what, col, ct.name)
			}
			if ct.precision == 0 {
				return v(onRead, finding.SeverityWarning, "%s is integer but column %s is unconstrained numeric: values with a fraction break clients", what, col)
			}
		case kFloat:
			return v(onRead, finding.SeverityError, "%s is integer but column %s is %s: values with a fraction break clients", what, col, ct.name)
		case kText:
			return v(onRead, finding.SeverityError, "%s is integer but column %s is %s: text that is not a number breaks clients", what, col, ct.name)
		default:
			return kindMismatch()
		}
	case "number":
		switch ct.kind {
		case kInt:
			return v(onWrite, finding.SeverityWarning, "%s is number but column %s is %s: writes of values with a fraction are rounded or fail", what, col, ct.name)
		case kNumeric:
			if ct.precision == 0 || ct.precision > 15 {
				return v(onRead, finding.SeverityWarning, "%s is number but column %s is %s: clients parse numbers as binary floating "+
					"point and lose digits beyond 15; declare type string with format decimal", what, col, ct.name)
			}
			limit := math.Pow10(ct.precision - ct.scale)
			if !p.HasMaximum || p.Maximum >= limit {
				return v(onWrite, finding.SeverityInfo, "%s is number without a maximum below %g but column %s is %s: larger writes fail "+
					"with \"numeric field overflow\"", what, limit, col, ct.name)
			}
		case kFloat:
		case kText:
			return v(onRead, finding.SeverityError, "%s is number but column %s is %s: text that is not a number breaks clients", what, col, ct.name)
		default:
			return kindMismatch()
		}
	case "boolean":
		switch ct.kind {
		case kBool:
		case kText:
			return v(onRead, finding.SeverityError, "%s is boolean but column %s is %s: other text breaks clients", what, col, ct.name)
		default:
			return kindMismatch()
		}
	case "string":
		return stringVerdict(p, ct, what, col, v)
	}
	return nil
}

// stringVerdict compares a string property with a column: a string can
// carry any column's values, but the contract should say which strings
// the column accepts (a format or a pattern), or writes fail.
func stringVerdict(p *openapi.Property, ct colType, what, col string, v func(aspect, finding.Severity, string, ...any) *verdict) *verdict {
	anyString := func(takes string) *verdict {
		if p.Pattern != "" || len(p.Enum) > 0 {
			return nil
		}
		return v(onWrite, finding.SeverityWarning, "%s accepts any string but column %s is %s: writes of strings that are not %s fail; declare a format or a pattern",
			what, col, ct.name, takes)
	}
	switch ct.kind {
	case kText, kBytes:
		return nil
	case kUUID:
		if p.Format == "uuid" {
			return nil
		}
		return anyString("UUIDs")
	case kDate:
		switch p.Format {
		case "date":
			return nil
		case "date-time":
			return v(onEither, finding.SeverityError, "%s is string (date-time) but column %s is date: the time of day is lost on write and dates read back are not date-times", what, col)
		}
		return anyString("dates")
	case kTimestamptz:
		switch p.Format {
		case "date-time":
			return nil
		case "date":
			return v(onEither, finding.SeverityWarning, "%s is string (date) but column %s is %s: the time of day is lost", what, col, ct.name)
		}
		return anyString("timestamps")
	case kTimestamp:
		switch p.Format {
		case "date-time":
			return v(onEither, finding.SeverityWarning, "%s is string (date-time) but column %s is %s: the offset clients send is discarded, "+
				"and values read back carry none (RFC 3339 date-time requires one); use timestamptz", what, col, ct.name)
		case "date":
			return v(onEither, finding.SeverityWarning, "%s is string (date) but column %s is %s: the time of day is lost", what, col, ct.name)
		}
		return anyString("timestamps")
	case kTime:
		if p.Format == "date-time" || p.Format == "date" {
			return v(onEither, finding.SeverityError, "%s is string (%s) but column %s is %s: a time of day has no date", what, p.Format, col, ct.name)
		}
		return nil
	case kInt:
		if slices.Contains(integerFormats, p.Format) {
			return nil
		}
		return anyString("integers")
	case kNumeric, kFloat:
		if slices.Contains(decimalFormats, p.Format) {
			return nil
		}
		return anyString("numbers")
	case kBool:
		return anyString("booleans")
	}
	return nil
}

// lengthVerdicts checks a written string against varchar(n) / char(n).
func lengthVerdicts(p *openapi.Property, ct colType, what, col string) []verdict {
	if ct.dims > 0 {
		if p.Type == "array" && p.Items != nil {
			return lengthVerdicts(p.Items, ct.elem(), what+"[]", col+"[]")
		}
		return nil
	}
	if ct.kind != kText || ct.length == 0 || (p.Type != "string" && p.Type != "") {
		return nil
	}
	n := ct.length
	mk := func(format string, args ...any) []verdict {
		return []verdict{{rule: ruleMaxLength, aspect: onWrite, sev: finding.SeverityError, msg: fmt.Sprintf(format, args...)}}
	}
	if len(p.Enum) > 0 {
		for _, e := range p.Enum {
			if len([]rune(e)) > n {
				return mk("%s allows %q, longer than the %d characters of column %s (%s): writing it fails", what, e, n, col, ct.name)
			}
		}
		return nil
	}
	switch {
	case !p.HasMaxLength:
		return mk("%s has no maxLength but column %s is %s: writes longer than %d characters fail with \"value too long\"", what, col, ct.name, n)
	case p.MaxLength > n:
		return mk("%s has maxLength %d but column %s is %s: writes longer than %d characters fail with \"value too long\"", what, p.MaxLength, col, ct.name, n)
	}
	return nil
}

// nullVerdicts compares nullability and presence with NOT NULL.
func nullVerdicts(p pair) []verdict {
	var out []verdict
	notNull := p.col.NotNull || p.ct.notNull
	prop := p.prop
	if notNull && prop.Nullable && p.col.Generated == "" && p.col.Identity != "always" {
		out = append(out, verdict{rule: ruleNotNullWrite, aspect: onWrite, key: "null", sev: finding.SeverityError,
			msg: fmt.Sprintf("%s is nullable but column %s is NOT NULL: writing null fails", p.what, p.colName)})
	}
	if notNull && p.col.Default == nil && p.col.Identity == "" && p.col.Generated == "" && !prop.Required && !prop.HasDefault {
		out = append(out, verdict{rule: ruleNotNullWrite, aspect: onCreate, key: "omit", sev: finding.SeverityError,
			msg: fmt.Sprintf("%s is not required but column %s is NOT NULL without a default: a create request without it fails", p.what, p.colName)})
	}
	// A view's columns say nothing about nulls (PostgreSQL marks them all
	// nullable), so only tables are compared.
	if !notNull && !prop.Nullable && (p.table.Kind == catalog.RelTable || p.table.Kind == catalog.RelPartitioned) {
		if prop.Required {
			out = append(out, verdict{rule: ruleNullRead, aspect: onRead, sev: finding.SeverityError,
				msg: fmt.Sprintf("%s is required and not nullable but column %s is nullable: a null breaks clients", p.what, p.colName)})
		} else {
			out = append(out, verdict{rule: ruleNullRead, aspect: onRead, sev: finding.SeverityWarning,
				msg: fmt.Sprintf("%s is not nullable but column %s is nullable: an explicit null breaks clients", p.what, p.colName)})
		}
	}
	return out
}

// enumVerdicts compares contract enum values with the column's labels.
func enumVerdicts(p *openapi.Property, ct colType, what, col string, tolerant bool) []verdict {
	if ct.dims > 0 {
		if p.Type == "array" && p.Items != nil {
			return enumVerdicts(p.Items, ct.elem(), what+"[]", col+"[]", tolerant)
		}
		return nil
	}
	if ct.kind != kEnum || (p.Type != "string" && p.Type != "") {
		return nil
	}
	labels := ct.enum.Labels
	if len(p.Enum) == 0 {
		return []verdict{{rule: ruleEnumMismatch, aspect: onWrite, key: "write", sev: finding.SeverityWarning,
			msg: fmt.Sprintf("%s accepts any string but column %s is enum %s (%s): writes of other values fail",
				what, col, ct.enum.Name, strings.Join(labels, ", "))}}
	}
	var out []verdict
	if missing := minus(p.Enum, labels); len(missing) > 0 {
		out = append(out, verdict{rule: ruleEnumMismatch, aspect: onWrite, key: "write", sev: finding.SeverityError,
			msg: fmt.Sprintf("%s allows %s, which enum %s of column %s lacks: writing it fails with \"invalid input value for enum\"",
				what, quoteAll(missing), ct.enum.Name, col)})
	}
	if extra := minus(labels, p.Enum); len(extra) > 0 && !tolerant {
		out = append(out, verdict{rule: ruleEnumMismatch, aspect: onRead, key: "read", sev: finding.SeverityError,
			msg: fmt.Sprintf("enum %s of column %s has %s, which %s does not list: responses carrying it break clients that reject unknown values",
				ct.enum.Name, col, quoteAll(extra), what)})
	}
	return out
}

func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

func quoteAll(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
