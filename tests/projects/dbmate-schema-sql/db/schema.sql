SET statement_timeout = 0;
SET client_encoding = 'UTF8';

CREATE TABLE public.schema_migrations (
    version character varying(128) NOT NULL
);

CREATE TABLE public.users (
    id bigint NOT NULL,
    name character varying(100) NOT NULL,
    score bigint NOT NULL,
    bio text NOT NULL,
    email text
);

ALTER TABLE public.users ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.users_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);

INSERT INTO public.schema_migrations (version) VALUES
    ('20240101000000');
