CREATE TYPE member_status AS ENUM ('active', 'banned');
CREATE TYPE plan AS ENUM ('free', 'pro');
CREATE TYPE role AS ENUM ('admin', 'member');
CREATE TABLE members (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    status member_status NOT NULL,
    plan plan NOT NULL,
    roles role[] NOT NULL,
    kind text NOT NULL
);
