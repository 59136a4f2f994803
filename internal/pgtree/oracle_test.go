package pgtree

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/schemacheck/schemacheck/internal/pgast"
)

// The program holds parse trees in pgast's types; the tests keep
// pg_query's own types, with protobuf's Parse, Deparse, Scan, marshal,
// equality and reflection, as the oracle. toProto carries a pgast tree
// over to pg_query's types field by field, by name, through reflection
// (not through the generated code under test), so the two can be compared.

// toProto converts m, a pgast message, into the pg_query message of the
// same name.
func toProto(m pgast.Message) proto.Message {
	return (&converter{}).message(m)
}

// converter converts pgast trees; from, when not nil, records the pgast
// message each pg_query message came from.
type converter struct {
	from map[proto.Message]pgast.Message
}

func (c *converter) message(m pgast.Message) proto.Message {
	v := reflect.ValueOf(m)
	return c.value(v, protoTypes()[v.Type().Elem().Name()]).Interface().(proto.Message)
}

// value converts v, a pgast value, to pg_query's type t.
func (c *converter) value(v reflect.Value, t reflect.Type) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer: // a message
		if v.IsNil() {
			return reflect.Zero(t)
		}
		out := reflect.New(t.Elem())
		st := v.Elem().Type()
		exported := 0
		for i := 0; i < t.Elem().NumField(); i++ {
			if t.Elem().Field(i).IsExported() {
				exported++
			}
		}
		if exported != st.NumField() {
			panic(fmt.Sprintf("pgast.%s has %d fields, pg_query's %d", st.Name(), st.NumField(), exported))
		}
		for i := 0; i < st.NumField(); i++ {
			f, ok := t.Elem().FieldByName(st.Field(i).Name)
			if !ok {
				panic(fmt.Sprintf("pg_query.%s has no field %s", st.Name(), st.Field(i).Name))
			}
			out.Elem().FieldByIndex(f.Index).Set(c.value(v.Elem().Field(i), f.Type))
		}
		if c.from != nil {
			c.from[out.Interface().(proto.Message)] = v.Interface().(pgast.Message)
		}
		return out
	case reflect.Slice:
		if v.IsNil() {
			return reflect.Zero(t)
		}
		out := reflect.MakeSlice(t, v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			out.Index(i).Set(c.value(v.Index(i), t.Elem()))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return reflect.Zero(t)
		}
		out := reflect.MakeMap(t)
		for it := v.MapRange(); it.Next(); {
			out.SetMapIndex(it.Key().Convert(t.Key()), it.Value().Convert(t.Elem()))
		}
		return out
	case reflect.Interface: // a oneof: its wrapper of the same name
		if v.IsNil() {
			return reflect.Zero(t)
		}
		w := v.Elem().Elem()
		wt, ok := protoTypes()[w.Type().Name()]
		if !ok {
			panic("pg_query has no oneof wrapper " + w.Type().Name())
		}
		out := reflect.New(wt.Elem())
		out.Elem().Field(0).Set(c.value(w.Field(0), wt.Elem().Field(0).Type))
		return out
	}
	return v.Convert(t) // a scalar or an enum
}

// protoTypes is pg_query's pointer type of every message and oneof
// wrapper, by name.
var protoTypes = sync.OnceValue(func() map[string]reflect.Type {
	types := map[string]reflect.Type{}
	eachProtoMessage(func(md protoreflect.MessageDescriptor, mt protoreflect.MessageType) {
		m := mt.New()
		t := reflect.TypeOf(m.Interface())
		types[t.Elem().Name()] = t
		for i := 0; i < md.Oneofs().Len(); i++ {
			od := md.Oneofs().Get(i)
			for j := 0; j < od.Fields().Len(); j++ {
				fd := od.Fields().Get(j)
				m := mt.New()
				m.Set(fd, m.NewField(fd))
				for k := 0; k < t.Elem().NumField(); k++ {
					if t.Elem().Field(k).Tag.Get("protobuf_oneof") == string(od.Name()) {
						w := reflect.ValueOf(m.Interface()).Elem().Field(k).Elem().Type()
						types[w.Elem().Name()] = w
					}
				}
			}
		}
	})
	return types
})

// eachProtoMessage calls fn with every message kind of pg_query's schema,
// nested ones too.
func eachProtoMessage(fn func(protoreflect.MessageDescriptor, protoreflect.MessageType)) {
	var visit func(protoreflect.MessageDescriptors)
	visit = func(msgs protoreflect.MessageDescriptors) {
		for i := 0; i < msgs.Len(); i++ {
			md := msgs.Get(i)
			if md.IsMapEntry() {
				continue
			}
			mt, err := protoregistry.GlobalTypes.FindMessageByName(md.FullName())
			if err != nil {
				panic(err)
			}
			fn(md, mt)
			visit(md.Messages())
		}
	}
	visit(pg_query.File_pg_query_proto.Messages())
}

// walkReflect walks any message through protobuf reflection: the oracle
// of the generated walk. Its order is not stable: protobuf's Range swaps
// two fields in some builds (detrand).
func walkReflect(m protoreflect.Message, fn func(proto.Message) bool) {
	if !m.IsValid() {
		return
	}
	if !fn(m.Interface()) {
		return
	}
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList() && fd.Message() != nil:
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				walkReflect(l.Get(i).Message(), fn)
			}
		case fd.Message() != nil && !fd.IsMap():
			walkReflect(v.Message(), fn)
		}
		return true
	})
}

// TestTypesMatchPgQuery holds pgast to pg_query's Go types: every message
// and oneof wrapper of pg_query's schema has a pgast type of the same name
// with the same fields (names, and types up to the package), and every
// method of pg_query's but protobuf's own (getters, oneof markers); every
// enum has the same values, names (String, of an unknown number too) and
// lookup by name.
func TestTypesMatchPgQuery(t *testing.T) {
	protoOnly := map[string]bool{"ProtoReflect": true, "ProtoMessage": true, "Descriptor": true, "Reset": true, "String": true}
	sameType := func(ours, theirs reflect.Type) bool {
		return ours.String() == strings.ReplaceAll(theirs.String(), "pg_query.", "pgast.")
	}
	kinds := 0
	for name, pt := range protoTypes() {
		kinds++
		ot, ok := astTypes[name]
		if !ok {
			t.Errorf("pgast has no %s: run go generate ./internal/pgtree", name)
			continue
		}
		var theirs []reflect.StructField
		for i := 0; i < pt.Elem().NumField(); i++ {
			if f := pt.Elem().Field(i); f.IsExported() {
				theirs = append(theirs, f)
			}
		}
		if ot.NumField() != len(theirs) {
			t.Errorf("pgast.%s has %d fields, pg_query's %d", name, ot.NumField(), len(theirs))
			continue
		}
		for i, f := range theirs {
			if o := ot.Field(i); o.Name != f.Name || !sameType(o.Type, f.Type) || o.Tag.Get("json") != f.Tag.Get("json") {
				t.Errorf("pgast.%s field %d is %s %s, pg_query's %s %s", name, i, o.Name, o.Type, f.Name, f.Type)
			}
		}
		op := reflect.PointerTo(ot)
		for i := 0; i < pt.NumMethod(); i++ {
			pm := pt.Method(i)
			if protoOnly[pm.Name] {
				continue
			}
			om, ok := op.MethodByName(pm.Name)
			if !ok || !sameType(om.Type, pm.Type) {
				t.Errorf("pgast.%s.%s is missing or differs from pg_query's %s", name, pm.Name, pm.Type)
				continue
			}
			// Getters are nil-safe, as protobuf's: the zero value.
			if strings.HasPrefix(pm.Name, "Get") && om.Type.NumIn() == 1 {
				if out := om.Func.Call([]reflect.Value{reflect.Zero(op)}); !out[0].IsZero() {
					t.Errorf("(*pgast.%s)(nil).%s() is %v", name, pm.Name, out[0])
				}
			}
		}
	}
	if kinds < 300 {
		t.Fatalf("only %d message kinds and wrappers", kinds)
	}
	enums := 0
	protoregistry.GlobalTypes.RangeEnums(func(et protoreflect.EnumType) bool {
		if et.Descriptor().ParentFile() != pg_query.File_pg_query_proto {
			return true
		}
		enums++
		pt := reflect.TypeOf(et.New(0))
		ot, ok := astTypes[pt.Name()]
		if !ok || ot.Kind() != reflect.Int32 {
			t.Errorf("pgast has no enum %s", pt.Name())
			return true
		}
		vals := et.Descriptor().Values()
		for i := 0; i < vals.Len()+1; i++ {
			n := int64(1 << 20) // and one number the enum lacks
			if i < vals.Len() {
				n = int64(vals.Get(i).Number())
			}
			want := fmt.Sprint(et.New(protoreflect.EnumNumber(n)))
			ov := reflect.New(ot).Elem()
			ov.SetInt(n)
			got := fmt.Sprint(ov.Interface())
			if got != want {
				t.Errorf("pgast.%s(%d) is %q, pg_query's %q", pt.Name(), n, got, want)
			}
			if i == vals.Len() {
				if got != strconv.FormatInt(n, 10) {
					t.Errorf("pgast.%s(%d) is %q", pt.Name(), n, got)
				}
				continue
			}
			if v, ok := enumFromName[pt.Name()](want); !ok || int64(v) != n {
				t.Errorf("pgast.%sFromName(%q) = %d, %v; want %d", pt.Name(), want, v, ok, n)
			}
		}
		if _, ok := enumFromName[pt.Name()]("NOT_A_VALUE"); ok {
			t.Errorf("pgast.%sFromName finds NOT_A_VALUE", pt.Name())
		}
		return true
	})
	if enums < 60 {
		t.Fatalf("only %d enums", enums)
	}
}
