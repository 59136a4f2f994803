CREATE DOMAIN short_code AS varchar(8);
CREATE TABLE accounts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email varchar(200) NOT NULL,
    name varchar(100) NOT NULL,
    handle varchar(20) NOT NULL,
    country char(2) NOT NULL,
    code short_code NOT NULL,
    plan varchar(5) NOT NULL,
    tier varchar(8) NOT NULL,
    bio text NOT NULL,
    aliases varchar(30)[] NOT NULL,
    motto varchar(10) NOT NULL
);
