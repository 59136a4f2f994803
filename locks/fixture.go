package locks

// Fixture is the schema every row's example runs on in the oracle, in a
// schema of its own, before the row's Setup: tables with rows, so scans and
// rewrites show. Roles map onto it: the relation named is t unless the
// example says otherwise, the referenced table is r, partitions are pt's.
const Fixture = `CREATE TABLE r (id int PRIMARY KEY, v text);
INSERT INTO r SELECT g, 'v' || g FROM generate_series(1, 100) g;
CREATE TABLE t (id int PRIMARY KEY, c int, rid int, v varchar(20), n numeric(10,2), f double precision, nn int NOT NULL DEFAULT 0, ident int NOT NULL);
INSERT INTO t SELECT g, g, g, 'v', g, g, g, g FROM generate_series(1, 100) g;
CREATE INDEX t_c_idx ON t (c);
CREATE TABLE pt (id int NOT NULL, k int NOT NULL, c int) PARTITION BY RANGE (k);
CREATE TABLE pt_1 PARTITION OF pt FOR VALUES FROM (0) TO (1000);
INSERT INTO pt SELECT g, g, g FROM generate_series(1, 100) g;
CREATE TABLE mvs (id int, c int);
INSERT INTO mvs SELECT g, g FROM generate_series(1, 100) g;
CREATE MATERIALIZED VIEW mv AS SELECT id, c FROM mvs;
CREATE UNIQUE INDEX mv_id_idx ON mv (id);
CREATE FOREIGN TABLE ft (id int, c int) SERVER oracle_server;
CREATE TABLE oracle_marker (x int);
INSERT INTO oracle_marker VALUES (1);
`
