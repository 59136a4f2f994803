package catalog

// Builder assembles a catalog from facts read elsewhere (a live database)
// rather than from replayed statements.
type Builder struct{ c *Catalog }

// NewBuilder returns a builder of an empty catalog.
func NewBuilder() *Builder { return &Builder{c: New()} }

// AddTable adds a relation.
func (b *Builder) AddTable(t *Table) { b.c.tables[t.Name] = t }

// AddColumn appends a column to a relation added before.
func (b *Builder) AddColumn(table Name, col *Column) {
	if t := b.c.tables[table]; t != nil {
		t.Columns = append(t.Columns, col)
	}
}

// AddConstraint appends a constraint to a relation added before.
func (b *Builder) AddConstraint(table Name, k *Constraint) {
	if t := b.c.tables[table]; t != nil {
		t.Constraints = append(t.Constraints, k)
	}
}

// AddIndex adds an index.
func (b *Builder) AddIndex(ix *Index) { b.c.indexes[ix.Name] = ix }

// AddEnum adds an enum type.
func (b *Builder) AddEnum(e *Enum) { b.c.enums[e.Name] = e }

// Catalog returns the built catalog.
func (b *Builder) Catalog() *Catalog { return b.c }

// AddDomain adds a domain type.
func (b *Builder) AddDomain(d *Domain) { b.c.domains[d.Name] = d }

// AddSequence adds a sequence.
func (b *Builder) AddSequence(s *Sequence) { b.c.sequences[s.Name] = s }
