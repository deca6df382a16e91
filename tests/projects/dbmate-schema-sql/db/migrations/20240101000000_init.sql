-- migrate:up
CREATE TABLE public.users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name character varying(100) NOT NULL,
    score integer NOT NULL,
    bio text
);

-- migrate:down
DROP TABLE public.users;
