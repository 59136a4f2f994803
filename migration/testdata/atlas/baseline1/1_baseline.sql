-- create "baseline" table
CREATE TABLE baseline (`c` int NOT NULL);
