package io.gprec.data;

/** Which side of the user/item split a field belongs to, and whether it identifies the user personally. */
public enum FieldRole {
    /** Id-like user fields (e.g. {@code user_id}): the personal part E_p of the user representation. */
    PERSONAL,
    /** Other user fields (gender, age, ...): the shared part E_o of the user representation. */
    USER,
    /** Item fields (movie id, genres, ...). */
    ITEM
}
