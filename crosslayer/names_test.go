package crosslayer

import (
	"slices"
	"testing"
)

func TestTableKeys(t *testing.T) {
	for _, tc := range []struct {
		schema string
		match  []string // table names that must match
		reject []string // and those that must not
	}{
		{"User", []string{"users", "user", "Users"}, []string{"user_accounts", "usr"}},
		{"OrderItem", []string{"order_items", "orderitems", "order_item"}, []string{"orders", "items"}},
		{"Category", []string{"categories", "category"}, []string{"categorys"}},
		{"Address", []string{"addresses", "address"}, []string{"addres"}},
		{"Box", []string{"boxes"}, []string{"boxs"}},
		{"Person", []string{"people", "person"}, []string{"persons"}},
		{"SalesPerson", []string{"sales_people"}, nil},
		{"Status", []string{"statuses", "status"}, []string{"statu"}},
		{"Users", []string{"users", "user"}, nil},
		{"Day", []string{"days"}, []string{"dais"}},
	} {
		keys := tableKeys(tc.schema)
		for _, table := range tc.match {
			if !slices.Contains(keys, nameKey(table)) {
				t.Errorf("%s: table %s does not match (keys %v)", tc.schema, table, keys)
			}
		}
		for _, table := range tc.reject {
			if slices.Contains(keys, nameKey(table)) {
				t.Errorf("%s: table %s matches (keys %v)", tc.schema, table, keys)
			}
		}
	}
}

func TestMatchName(t *testing.T) {
	cols := []string{"id", "created_at", "user_id", "userid", "Email"}
	for prop, want := range map[string]string{
		"id":        "id",
		"createdAt": "created_at",
		"CreatedAt": "created_at",
		"userId":    "", // user_id or userid: never guess
		"user_id":   "user_id",
		"email":     "Email",
		"name":      "",
	} {
		if got := matchName(cols, prop); got != want {
			t.Errorf("matchName(%s) = %q, want %q", prop, got, want)
		}
	}
}
