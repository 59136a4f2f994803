CREATE TABLE customers (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mail varchar(100) NOT NULL,
    total bigint NOT NULL DEFAULT 0,
    display text
);
