// @generated automatically by Diesel CLI.

diesel::table! {
    users (id) {
        id -> Unsigned<Integer>,
        #[max_length = 100]
        name -> Varchar,
        score -> Bigint,
        bio -> Text,
        created_at -> Datetime,
        #[max_length = 255]
        email -> Nullable<Varchar>,
    }
}
