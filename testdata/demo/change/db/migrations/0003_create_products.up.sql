CREATE TABLE products (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku         varchar(64) NOT NULL UNIQUE,
    title       text NOT NULL,
    price_cents bigint NOT NULL CHECK (price_cents >= 0)
);
