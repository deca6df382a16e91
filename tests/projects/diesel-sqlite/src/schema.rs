// @generated automatically by Diesel CLI.

diesel::table! {
    users (id) {
        id -> Integer,
        name -> Text,
        score -> Float,
        bio -> Text,
        email -> Nullable<Text>,
    }
}
