package openapi

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	sjs "github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/schemacheck/schemacheck/internal/doctree"
	"github.com/schemacheck/schemacheck/internal/testenv"
)

// A proof backs one reviewed disagreement with oasdiff (a row of
// testdata/oasdiff/disagreements.tsv) by what the real validator accepts,
// not by what the engine under review concludes: the schemas at old and
// new (JSON pointers into oasdiff's base and revision documents) are
// compiled independently, each through the translation the engine uses,
// and every probe instance is validated against both.
type proof struct {
	base, revision string
	what           []string // the rows' "what" column (oasdiff check and operation)
	v              view
	old, new       string
	claim          claim
	// same lists pairs of component schemas, in the base or the revision,
	// that rawSameness must find written the same (a branch removed or
	// added that is written as one that stays).
	sameOld, sameNew [][2]string
}

type claim struct {
	name string
	// holds is checked on every probe instance x; accepted says whether
	// each side accepts x (text: the new side given x written as text,
	// as a parameter's serialization carries it).
	holds func(x any, old, new, text bool) bool
	// witness, when set, must hold for at least one probe: the claim is
	// not vacuously true.
	witness func(x any, old, new bool) bool
}

var (
	// claimSame: both versions accept the same instances.
	claimSame = claim{"old and new accept the same instances",
		func(_ any, o, n, _ bool) bool { return o == n },
		func(_ any, o, _ bool) bool { return o }}
	// claimNone: neither version accepts any instance.
	claimNone = claim{"neither version accepts any instance",
		func(_ any, o, n, _ bool) bool { return !o && !n }, nil}
	// claimOldNone: no request an old client sent could be valid.
	claimOldNone = claim{"the old version accepts no instance",
		func(_ any, o, _, _ bool) bool { return !o }, nil}
	// claimNewNone: no response the new server sends can be valid.
	claimNewNone = claim{"the new version accepts no instance",
		func(_ any, _, n, _ bool) bool { return !n }, nil}
	// claimNarrower: a response the new server sends is one old clients accept.
	claimNarrower = claim{"every instance the new version accepts, the old one accepts",
		func(_ any, o, n, _ bool) bool { return !n || o },
		func(_ any, o, n bool) bool { return o && !n }}
	// claimWider: a request old clients send is still accepted.
	claimWider = claim{"every instance the old version accepts, the new one accepts",
		func(_ any, o, n, _ bool) bool { return !o || n },
		func(_ any, o, _ bool) bool { return o }}
	// claimTextWider: a parameter value old clients send, as the text the
	// serialization carries, is accepted by the new version.
	claimTextWider = claim{"every instance the old version accepts, written as text, the new one accepts",
		func(_ any, o, _, t bool) bool { return !o || t },
		func(x any, o, n bool) bool { _, changed := textForm(x); return o && changed && !n }}
	// claimDisjoint: the new version accepts nothing the old one accepted,
	// so whatever else the new schema asks for rejects no further value.
	claimDisjoint = claim{"no instance the old version accepts is accepted by the new one",
		func(_ any, o, n, _ bool) bool { return !(o && n) },
		func(_ any, o, _ bool) bool { return o }}
)

// claimAbsentAccepted: every object without property p is accepted by the
// new version (p is not required there).
func claimAbsentAccepted(p string) claim {
	lacks := func(x any) bool {
		m, ok := x.(map[string]any)
		_, has := m[p]
		return ok && !has
	}
	return claim{fmt.Sprintf("every object without %q is accepted by the new version", p),
		func(x any, _, n, _ bool) bool { return !lacks(x) || n },
		func(x any, _, n bool) bool { return lacks(x) && n }}
}

const (
	ptrPetsRequest   = "/paths/~1pets/post/requestBody/content/application~1json/schema"
	ptrPetsResponse  = "/paths/~1pets/get/responses/200/content/application~1json/schema"
	ptrProductsBody  = "/paths/~1products/post/requestBody/content/application~1json/schema"
	ptrProductsResp  = "/paths/~1products/post/responses/200/content/application~1json/schema"
	ptrGroupsParam0  = "/paths/~1api~1v1.0~1groups/post/parameters/0/schema"
	ptrTestParam0    = "/paths/~1test/get/parameters/0/schema"
	componentSchemas = "/components/schemas/"
)

var oasdiffProofs = []proof{
	// Branches written exactly like a branch that stays.
	{base: "data/checker/request_body_any_of_media_type_base.yaml", revision: "data/checker/request_body_any_of_media_type_revision.yaml",
		what: []string{"request-body-any-of-removed POST /pets"}, v: requestView, old: ptrPetsRequest, new: ptrPetsRequest, claim: claimSame,
		sameOld: [][2]string{{"Cat", "Dog"}}},
	{base: "data/checker/request_property_any_of_removed_base.yaml", revision: "data/checker/request_property_any_of_removed_revision.yaml",
		what: []string{"request-body-any-of-removed POST /pets", "request-property-any-of-removed POST /pets"}, v: requestView,
		old: ptrPetsRequest, new: ptrPetsRequest, claim: claimSame, sameOld: [][2]string{{"Rabbit", "Cat"}, {"Breed3", "Breed1"}}},
	{base: "data/checker/response_property_any_of_added_base.yaml", revision: "data/checker/response_property_any_of_added_revision.yaml",
		what: []string{"response-body-any-of-added GET /pets", "response-property-any-of-added GET /pets"}, v: responseView,
		old: ptrPetsResponse, new: ptrPetsResponse, claim: claimSame, sameNew: [][2]string{{"Rabbit", "Cat"}, {"Breed3", "Breed1"}}},
	// A oneOf with two branches written alike matches nothing.
	{base: "data/checker/request_property_one_of_removed_base.yaml", revision: "data/checker/request_property_one_of_removed_revision.yaml",
		what: []string{"request-body-one-of-removed POST /pets", "request-property-one-of-removed POST /pets"}, v: requestView,
		old: ptrPetsRequest, new: ptrPetsRequest, claim: claimOldNone, sameOld: [][2]string{{"Rabbit", "Cat"}, {"Breed3", "Breed1"}}},
	{base: "data/checker/response_property_one_of_added_base.yaml", revision: "data/checker/response_property_one_of_added_revision.yaml",
		what: []string{"response-body-one-of-added GET /pets", "response-property-one-of-added GET /pets"}, v: responseView,
		old: ptrPetsResponse, new: ptrPetsResponse, claim: claimNewNone, sameNew: [][2]string{{"Rabbit", "Cat"}}},
	// Keywords that constrain nothing where they are written.
	{base: "data/checker/contains_min_max_base.yaml", revision: "data/checker/contains_min_max_revision.yaml",
		what: []string{"request-body-min-contains-increased POST /products"}, v: requestView, old: ptrProductsBody, new: ptrProductsBody, claim: claimNone},
	{base: "data/checker/contains_min_max_base.yaml", revision: "data/checker/contains_min_max_revision.yaml",
		what: []string{"response-body-max-contains-increased POST /products"}, v: responseView, old: ptrProductsResp, new: ptrProductsResp, claim: claimNone},
	{base: "data/checker/contains_min_max_revision.yaml", revision: "data/checker/contains_min_max_base.yaml",
		what: []string{"request-body-max-contains-decreased POST /products"}, v: requestView, old: ptrProductsBody, new: ptrProductsBody, claim: claimNone},
	{base: "data/checker/contains_min_max_revision.yaml", revision: "data/checker/contains_min_max_base.yaml",
		what: []string{"response-body-min-contains-decreased POST /products"}, v: responseView, old: ptrProductsResp, new: ptrProductsResp, claim: claimNone},
	{base: "data/checker/request_parameter_max_items_updated_revision.yaml", revision: "data/checker/request_parameter_max_items_updated_base.yaml",
		what: []string{"request-parameter-max-items-decreased POST /api/v1.0/groups"}, v: requestView, old: ptrGroupsParam0, new: ptrGroupsParam0, claim: claimSame},
	{base: "data/checker/request_parameter_max_updated_revision.yaml", revision: "data/checker/request_parameter_max_updated_base.yaml",
		what: []string{"request-parameter-max-decreased POST /api/v1.0/groups"}, v: requestView, old: ptrGroupsParam0, new: ptrGroupsParam0, claim: claimSame},
	{base: "data/required-properties/anyOf1.yaml", revision: "data/required-properties/anyOf2.yaml",
		what: []string{"request-property-became-required POST /test"}, v: requestView,
		old: "/paths/~1test/post/requestBody/content/application~1json/schema", new: "/paths/~1test/post/requestBody/content/application~1json/schema", claim: claimSame},
	{base: "data/checker/not_base.yaml", revision: "data/checker/not_revision.yaml",
		what: []string{"new-required-request-property POST /products"}, v: requestView, old: ptrProductsBody, new: ptrProductsBody, claim: claimAbsentAccepted("added_prop")},
	// A response that got stricter, a request that got wider.
	{base: "data/checker/dependent_required_property_changed_base.yaml", revision: "data/checker/dependent_required_property_changed_revision.yaml",
		what: []string{"response-property-dependent-required-changed POST /products"}, v: responseView, old: ptrProductsResp, new: ptrProductsResp, claim: claimNarrower},
	{base: "data/checker/dependent_required_revision.yaml", revision: "data/checker/dependent_required_changed_revision.yaml",
		what: []string{"response-body-dependent-required-changed POST /products"}, v: responseView, old: ptrProductsResp, new: ptrProductsResp, claim: claimNarrower},
	{base: "data/checker/transition_claims_enum_base.yaml", revision: "data/checker/transition_claims_enum_revision.yaml",
		what: []string{"request-property-enum-value-removed POST /test"}, v: requestView,
		old: "/paths/~1test/post/requestBody/content/application~1json/schema", new: "/paths/~1test/post/requestBody/content/application~1json/schema", claim: claimWider},
	// Parameters travel as text.
	{base: "data/list-of-types/param-test-base.yaml", revision: "data/list-of-types/param-test-revision.yaml",
		what: []string{"request-parameter-list-of-types-narrowed GET /test"}, v: requestView, old: ptrTestParam0, new: ptrTestParam0, claim: claimTextWider},
	{base: "data/list-of-types/param-property-base.yaml", revision: "data/list-of-types/param-property-revision.yaml",
		what: []string{"request-parameter-property-list-of-types-narrowed GET /test"}, v: requestView, old: ptrTestParam0, new: ptrTestParam0, claim: claimTextWider},
	// One change, one finding: the type change rejects every old value, so
	// the new type's required properties reject none it does not.
	{base: "data/checker/request_property_type_changed_base_array_to_object.yaml", revision: "data/checker/request_property_type_changed_revision_array_to_object.yaml",
		what: []string{"new-required-request-property POST /pets"}, v: requestView,
		old: "/paths/~1pets/post/requestBody/content/application~1json/schema", new: "/paths/~1pets/post/requestBody/content/application~1json/schema", claim: claimDisjoint},
	{base: "data/checker/request_property_type_changed_base_array_to_object.yaml", revision: "data/checker/request_property_type_changed_revision_array_to_object.yaml",
		what: []string{"new-required-request-property POST /dogs"}, v: requestView,
		old: "/paths/~1dogs/post/requestBody/content/application~1json/schema/properties/colors", new: "/paths/~1dogs/post/requestBody/content/application~1json/schema/properties/colors", claim: claimDisjoint},
}

// TestOasdiffDisagreementProofs checks the claim behind each reviewed
// disagreement that is about which instances the schemas accept, on
// instances generated by brute force from the documents (probeInstances),
// and that every miss reviewed as oasdiff-wrong has a proof here or is
// one whose reason is not about instances (noInstanceClaim).
func TestOasdiffDisagreementProofs(t *testing.T) {
	_, mod := testenv.Oasdiff(t)
	rows := reviewedRows(t)
	proved := map[string]bool{}
	for _, p := range oasdiffProofs {
		name := filepath.Base(p.base) + " → " + filepath.Base(p.revision)
		t.Run(name+" "+p.what[0], func(t *testing.T) {
			o, n := load(t, filepath.Join(mod, p.base)), load(t, filepath.Join(mod, p.revision))
			for _, s := range []struct {
				spec  *Spec
				pairs [][2]string
			}{{o, p.sameOld}, {n, p.sameNew}} {
				same := newRawSameness(s.spec, s.spec)
				for _, pr := range s.pairs {
					a, b := s.spec.pointerIn(s.spec.root, componentSchemas+pr[0]), s.spec.pointerIn(s.spec.root, componentSchemas+pr[1])
					if a == nil || b == nil || !same.nodes(a, b) {
						t.Errorf("%s and %s are not written the same", pr[0], pr[1])
					}
				}
			}
			oldSch, newSch := compileAt(t, o, p.v, p.old), compileAt(t, n, p.v, p.new)
			probes := probeInstances(o.root, n.root)
			witnessed := p.claim.witness == nil
			for _, x := range probes {
				oa, na := oldSch.Validate(x) == nil, newSch.Validate(x) == nil
				tf, _ := textForm(x)
				ta := newSch.Validate(tf) == nil
				if !p.claim.holds(x, oa, na, ta) {
					js, _ := json.Marshal(x)
					t.Fatalf("%s: false for %s (old accepts: %t, new accepts: %t, new accepts as text: %t)", p.claim.name, js, oa, na, ta)
				}
				witnessed = witnessed || p.claim.witness(x, oa, na)
			}
			if !witnessed {
				t.Errorf("%s: true only vacuously on %d probes", p.claim.name, len(probes))
			}
		})
		for _, w := range p.what {
			k := p.base + "\t" + p.revision + "\t" + w
			if rows[k] == "" {
				t.Errorf("no miss row in testdata/oasdiff/disagreements.tsv for %s", k)
			}
			proved[k] = true
		}
	}
	for k, cat := range rows {
		if cat == "oasdiff-wrong" && !proved[k] && !noInstanceClaim[k] {
			t.Errorf("testdata/oasdiff/disagreements.tsv: the oasdiff-wrong miss %q has no proof in oasdiffProofs", k)
		}
	}
}

// noInstanceClaim are oasdiff-wrong misses whose reason is not about which
// instances a schema accepts.
var noInstanceClaim = map[string]bool{
	// A webhook's request is written by the server and read by the
	// subscriber: a body that became required is one the reader always gets.
	"data/checker/webhook_operation_base.yaml\tdata/checker/webhook_operation_revision.yaml\trequest-body-became-required POST webhook:orderCreated": true,
}

// reviewedRows reads the miss rows of the reviewed table: "base<TAB>revision<TAB>what" → category.
func reviewedRows(t *testing.T) map[string]string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(testenv.RepoRoot(t), "testdata", "oasdiff", "disagreements.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for line := range strings.SplitSeq(string(src), "\n") {
		f := strings.Split(line, "\t")
		if len(f) == 6 && f[0] == "miss" {
			out[f[1]+"\t"+f[2]+"\t"+f[3]] = f[4]
		}
	}
	return out
}

// compileAt compiles the schema at ptr on its own (a set of its own, so
// nothing is shared with the other version).
func compileAt(t *testing.T, s *Spec, v view, ptr string) *sjs.Schema {
	t.Helper()
	n := s.root
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		if i, err := strconv.Atoi(tok); err == nil && n.Kind == doctree.Sequence && i < len(n.Items()) {
			n = n.Items()[i]
		} else {
			n = get(n, tok)
		}
		if n == nil {
			break
		}
	}
	if n == nil {
		t.Fatalf("%s: no schema at %s", s.File, ptr)
	}
	set, _ := newSchemaSets(s, s, v, newRawSameness(s, s), shapes{})
	sch, err := set.compile(n, nil, ptr)
	if err != nil {
		t.Fatalf("%s: %s: %v", s.File, ptr, err)
	}
	return sch
}

// probeInstances enumerates instances from what the documents write: JSON
// scalars of every type, the enum and const values, arrays of up to three
// elements, and objects of up to two of the property names the documents
// mention (up to three with fewer values), including nested objects. It
// is brute force on purpose: independent of the engine's generator under
// review.
func probeInstances(roots ...*Node) []any {
	num := func(s string) any { return json.Number(s) }
	leaves := []any{nil, true, false, "", "a", "1", "aaaaaaaaaaaa", num("0"), num("1"), num("2"), num("-1"), num("1.5"), num("100")}
	names := map[string]bool{}
	var walk func(n *Node)
	walk = func(n *Node) {
		if n == nil {
			return
		}
		switch n.Key {
		case "properties", "dependentRequired", "dependentSchemas":
			for _, it := range n.Items() {
				names[it.Key] = true
			}
		case "required", "enum", "const":
			vals := n.Items()
			if n.Kind == doctree.Scalar {
				vals = []*Node{n}
			}
			for _, it := range vals {
				if n.Key == "required" {
					names[it.Value()] = true
				} else if v, ok := scalarValue(it); ok && !slices.Contains(leaves, v) {
					leaves = append(leaves, v)
				}
			}
		}
		for _, it := range n.Items() {
			walk(it)
		}
	}
	for _, r := range roots {
		walk(r)
	}
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range names {
			if !yield(k) {
				return
			}
		}
	})
	// Nested objects (of up to two names) are property values of the
	// one-name objects; the others take the scalars and {}.
	nested := []any{map[string]any{}}
	for i, k := range keys {
		nested = append(nested, map[string]any{k: "a"})
		for _, l := range keys[i+1:] {
			nested = append(nested, map[string]any{k: "a", l: "a"})
		}
	}
	values := append(slices.Clone(leaves), map[string]any{})
	out := append(slices.Clone(leaves), nested...)
	small := []any{"a", num("1"), true}
	var arrays func(prefix []any, n int)
	arrays = func(prefix []any, n int) {
		out = append(out, slices.Clone(prefix))
		if n == 0 {
			return
		}
		for _, v := range small {
			arrays(append(prefix, v), n-1)
		}
	}
	arrays([]any{}, 3)
	for i, a := range keys {
		for _, va := range nested {
			out = append(out, map[string]any{a: va})
		}
		for _, va := range values {
			out = append(out, map[string]any{a: va})
			for _, b := range keys[i+1:] {
				for _, vb := range values {
					out = append(out, map[string]any{a: va, b: vb})
				}
			}
		}
		for j, b := range keys[i+1:] {
			for _, c := range keys[i+j+2:] {
				for _, va := range small {
					for _, vb := range small {
						for _, vc := range small {
							out = append(out, map[string]any{a: va, b: vb, c: vc})
						}
					}
				}
			}
		}
	}
	return out
}

func scalarValue(n *Node) (any, bool) {
	if n.Kind != doctree.Scalar {
		return nil, false
	}
	switch n.ShortTag() {
	case "!!str":
		return n.Value(), true
	case "!!int", "!!float":
		return json.Number(n.Value()), true
	}
	return nil, false
}
