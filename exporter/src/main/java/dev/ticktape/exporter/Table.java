package dev.ticktape.exporter;

import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An exported table: its name (the {@code type=} partition), what one row is, and its columns in
 * order. Tables are defined once in {@link Tables}; {@code docs/parquet-schema.md} lists them.
 */
final class Table
{
    final String name;
    final String row;
    private final List<Column> columns = new ArrayList<>();
    private int[] cluster = new int[0];
    /** For each column, its place among the cluster columns, or -1. */
    private int[] clusterPart = new int[0];

    Table(final String name, final String row)
    {
        this.name = name;
        this.row = row;
    }

    Table add(final Column column)
    {
        column.index = columns.size();
        columns.add(column);
        return this;
    }

    Table addAll(final List<Column> more)
    {
        for (final Column c : more)
        {
            add(c);
        }
        return this;
    }

    /**
     * Writes the rows in blocks, each grouped by these text columns and in receive order within a
     * group ({@link Clusters}), instead of all in receive order.
     */
    Table clusteredBy(final String... names)
    {
        cluster = new int[names.length];
        clusterPart = new int[columns.size()];
        java.util.Arrays.fill(clusterPart, -1);
        for (int i = 0; i < names.length; i++)
        {
            cluster[i] = column(names[i]).index;
            clusterPart[cluster[i]] = i;
            if (!column(names[i]).binary())
            {
                throw new IllegalArgumentException("not a text column: " + names[i]);
            }
        }
        return this;
    }

    boolean clustered()
    {
        return cluster.length > 0;
    }

    /** @return the column's place among the cluster columns, or -1 (and for columns added after them). */
    int clusterPart(final int column)
    {
        return column < clusterPart.length ? clusterPart[column] : -1;
    }

    int[] clusterColumns()
    {
        return cluster.clone();
    }

    private Column column(final String name)
    {
        for (final Column c : columns)
        {
            if (c.name.equals(name))
            {
                return c;
            }
        }
        throw new IllegalArgumentException("no column " + name + " in " + this.name);
    }

    List<Column> columns()
    {
        return Collections.unmodifiableList(columns);
    }

    MessageType schema(final boolean floats)
    {
        final List<Type> types = new ArrayList<>(columns.size());
        for (final Column c : columns)
        {
            types.add(c.type(floats));
        }
        return new MessageType("ticktape_" + name.replaceAll("[^A-Za-z0-9_]", "_"), types);
    }

    /** Appends the row to the batch: every column's value (on the decoding thread). */
    void write(final Batch batch, final Row row)
    {
        for (int i = 0, n = columns.size(); i < n; i++)
        {
            batch.at(i);
            columns.get(i).write(batch, row);
        }
        batch.rows++;
    }
}
