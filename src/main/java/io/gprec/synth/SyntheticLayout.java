package io.gprec.synth;

import io.gprec.data.DatasetSchema;
import io.gprec.data.Field;
import io.gprec.data.FieldRole;

import java.util.ArrayList;
import java.util.List;

/**
 * The fields of a synthetic stream and how planted values are spelled: {@code user_id} (personal),
 * {@code u_attr0..} (user, weakly tied to the group), {@code item_id}, {@code i_cluster} (the item's
 * cluster, visible) and {@code i_attr0..} (item, noise). Ids are decimal indices ("0", "1", ...).
 * The planted group is never a field: files carry it in a {@value #TRUTH_COLUMN} column the schema does
 * not reference.
 */
public final class SyntheticLayout {
    public static final String USER_ID = "user_id", ITEM_ID = "item_id", CLUSTER = "i_cluster";
    public static final String TRUTH_COLUMN = "planted_group";
    public static final String DATASET_NAME = "synthetic";

    private final PlantedWorld world;
    private final SyntheticSpec spec;
    private final DatasetSchema schema;

    public SyntheticLayout(PlantedWorld world) {
        this.world = world;
        this.spec = world.spec();
        List<Field> fields = new ArrayList<>();
        fields.add(new Field(USER_ID, FieldRole.PERSONAL));
        for (String f : userFieldNames()) fields.add(new Field(f, FieldRole.USER));
        fields.add(new Field(ITEM_ID, FieldRole.ITEM));
        fields.add(new Field(CLUSTER, FieldRole.ITEM));
        for (String f : itemFieldNames()) fields.add(new Field(f, FieldRole.ITEM));
        this.schema = new DatasetSchema(fields);
    }

    public PlantedWorld world() { return world; }

    public DatasetSchema schema() { return schema; }

    public List<String> userFieldNames() {
        List<String> names = new ArrayList<>();
        for (int f = 0; f < spec.userFields(); f++) names.add("u_attr" + f);
        return names;
    }

    public List<String> itemFieldNames() {
        List<String> names = new ArrayList<>();
        for (int f = 0; f < spec.itemFields(); f++) names.add("i_attr" + f);
        return names;
    }

    /** The values of user u's side-table fields, in {@link #userFieldNames()} order. */
    public String userFieldValue(int user, int field) {
        return "s" + world.userField(user, field);
    }

    public String clusterValue(int item) {
        return "c" + world.cluster(item);
    }

    public String itemFieldValue(int item, int field) {
        return "t" + world.itemField(item, field);
    }

    /** All schema values of (user, item), in schema order, written into {@code out} (sized {@code schema().size()}). */
    public String[] values(int user, int item, String[] out) {
        int j = 0;
        out[j++] = Integer.toString(user);
        for (int f = 0; f < spec.userFields(); f++) out[j++] = userFieldValue(user, f);
        out[j++] = Integer.toString(item);
        out[j++] = clusterValue(item);
        for (int f = 0; f < spec.itemFields(); f++) out[j++] = itemFieldValue(item, f);
        return out;
    }

    /** The planted group of a user id value as written by this layout. */
    public int plantedGroup(String userId) {
        int user;
        try {
            user = Integer.parseInt(userId);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a synthetic user id: '" + userId + "'");
        }
        if (user < 0 || user >= spec.users()) {
            throw new IllegalArgumentException("user id " + user + " is outside [0, " + spec.users() + ")");
        }
        return world.group(user);
    }
}
