// The first n rows of a bag in the plan's sort order (docs/semantics.md, "Ordering"), as an algebraic UDF:
// each map (Initial) and combiner (Intermed) keeps at most n rows, so a top-n over a GROUP ALL sends n rows
// per map to its one reducer (Final), where Pig's own ORDER would shuffle and sort every row.
//
//   DEFINE top emrjobs.pig.TopN('10', '1:desc:long', '0:asc:chararray');
//   rows = FOREACH (GROUP rel ALL) GENERATE FLATTEN(top(rel)) AS (...);
//
// Arguments: n, then one key per argument as `field index:asc|desc:pig type`. Rows tied on every key come
// out in no particular order (the plan leaves it open); the output bag holds the rows in order.
package emrjobs.pig;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;

import org.apache.pig.Algebraic;
import org.apache.pig.EvalFunc;
import org.apache.pig.backend.executionengine.ExecException;
import org.apache.pig.data.DataBag;
import org.apache.pig.data.NonSpillableDataBag;
import org.apache.pig.data.Tuple;
import org.apache.pig.data.TupleFactory;
import org.apache.pig.impl.logicalLayer.schema.Schema;
import org.joda.time.DateTime;

public class TopN extends EvalFunc<DataBag> implements Algebraic {
  private final Order order;

  public TopN(String... args) {
    order = new Order(args);
  }

  /** Without the combiner (Pig may decide not to run it): the top n of the whole bag at once. */
  @Override
  public DataBag exec(Tuple input) throws IOException {
    Heap heap = order.heap();
    heap.addRows(rowsOf(input));
    return heap.sorted();
  }

  /** The rows keep the input bag's fields, so FLATTEN gives the relation's columns back. */
  @Override
  public Schema outputSchema(Schema input) {
    try {
      return new Schema(input.getField(0));
    } catch (Exception e) {
      return null;
    }
  }

  // Pig also builds each of the three classes below without arguments, to read its types: those copies
  // never run, so they hold no order.
  @Override public String getInitial() { return Initial.class.getName(); }
  @Override public String getIntermed() { return Intermed.class.getName(); }
  @Override public String getFinal() { return Final.class.getName(); }

  /** Map side: the top n of the rows this call sees, as a one-field tuple holding a bag. */
  public static class Initial extends EvalFunc<Tuple> {
    private final Order order;
    public Initial() { order = null; }
    public Initial(String... args) { order = new Order(args); }
    @Override
    public Tuple exec(Tuple input) throws IOException {
      Heap heap = order.heap();
      heap.addRows(rowsOf(input));
      return TupleFactory.getInstance().newTuple(heap.sorted());
    }
  }

  /** Combiner: the top n of several partial results, in the same shape. */
  public static class Intermed extends EvalFunc<Tuple> {
    private final Order order;
    public Intermed() { order = null; }
    public Intermed(String... args) { order = new Order(args); }
    @Override
    public Tuple exec(Tuple input) throws IOException {
      return TupleFactory.getInstance().newTuple(merge(order, input));
    }
  }

  /** Reducer: the top n of every partial result, in order. */
  public static class Final extends EvalFunc<DataBag> {
    private final Order order;
    public Final() { order = null; }
    public Final(String... args) { order = new Order(args); }
    @Override
    public DataBag exec(Tuple input) throws IOException {
      return merge(order, input);
    }
  }

  private static DataBag rowsOf(Tuple input) throws ExecException {
    return (DataBag) input.get(0);
  }

  /** Partial results arrive as a bag of one-field tuples, each holding a bag of at most n rows. */
  private static DataBag merge(Order order, Tuple input) throws IOException {
    Heap heap = order.heap();
    for (Tuple partial : rowsOf(input)) heap.addRows((DataBag) partial.get(0));
    return heap.sorted();
  }

  /** At most n rows: a max-heap on the order, whose head (the worst kept row) is dropped for a better one. */
  private static final class Heap {
    private final int n;
    private final Comparator<Tuple> order;
    private final PriorityQueue<Tuple> worstFirst;

    Heap(int n, Comparator<Tuple> order) {
      this.n = n;
      this.order = order;
      this.worstFirst = new PriorityQueue<>(Math.max(1, n), order.reversed());
    }

    void addRows(DataBag rows) {
      if (rows == null || n == 0) return;
      for (Iterator<Tuple> it = rows.iterator(); it.hasNext(); ) add(it.next());
    }

    private void add(Tuple row) {
      if (worstFirst.size() < n) worstFirst.add(row);
      else if (order.compare(row, worstFirst.peek()) < 0) {
        worstFirst.poll();
        worstFirst.add(row);
      }
    }

    /** The kept rows best first; a NonSpillableDataBag iterates in the order its list has. */
    DataBag sorted() {
      List<Tuple> rows = new ArrayList<>(worstFirst);
      Collections.sort(rows, order);
      return new NonSpillableDataBag(rows);
    }
  }

  /** n and the sort keys, parsed from the DEFINE's arguments. */
  private static final class Order implements Comparator<Tuple> {
    private final int n;
    private final int[] fields;
    private final boolean[] desc;
    private final Comparator<Object>[] types;

    @SuppressWarnings("unchecked")
    Order(String[] args) {
      if (args.length < 2) throw new IllegalArgumentException("TopN: expected n and at least one key 'index:asc|desc:type', got " + args.length + " arguments");
      n = Integer.parseInt(args[0]);
      if (n < 0) throw new IllegalArgumentException("TopN: n is " + n + ", expected 0 or more");
      fields = new int[args.length - 1];
      desc = new boolean[args.length - 1];
      types = new Comparator[args.length - 1];
      for (int i = 1; i < args.length; i++) {
        String[] key = args[i].split(":");
        if (key.length != 3 || !(key[1].equals("asc") || key[1].equals("desc")))
          throw new IllegalArgumentException("TopN: key '" + args[i] + "' is not 'index:asc|desc:type'");
        fields[i - 1] = Integer.parseInt(key[0]);
        desc[i - 1] = key[1].equals("desc");
        types[i - 1] = valueOrder(key[2]);
      }
    }

    Heap heap() {
      return new Heap(n, this);
    }

    @Override
    public int compare(Tuple a, Tuple b) {
      try {
        for (int i = 0; i < fields.length; i++) {
          int c = compareValues(types[i], a.get(fields[i]), b.get(fields[i]));
          if (c != 0) return desc[i] ? -c : c;
        }
        return 0;
      } catch (ExecException e) {
        throw new IllegalStateException("TopN: a row has no field the sort keys name", e);
      }
    }

    /** Null below every value: first ascending, last descending once the direction flips it. */
    private static int compareValues(Comparator<Object> type, Object x, Object y) {
      if (x == null || y == null) return x == null ? (y == null ? 0 : -1) : 1;
      return type.compare(x, y);
    }

    /**
     * Values of one Pig type in the plan's order: strings by UTF-16 units (String.compareTo), false before
     * true, datetimes by instant, and doubles with -0.0 made 0.0 (adding 0.0) and NaN above every number
     * and equal to itself (Double.compare).
     */
    private static Comparator<Object> valueOrder(String type) {
      switch (type) {
        case "chararray": return (x, y) -> ((String) x).compareTo((String) y);
        case "int": return (x, y) -> Integer.compare((Integer) x, (Integer) y);
        case "long": return (x, y) -> Long.compare((Long) x, (Long) y);
        case "double": return (x, y) -> Double.compare((Double) x + 0.0, (Double) y + 0.0);
        case "boolean": return (x, y) -> Boolean.compare((Boolean) x, (Boolean) y);
        case "datetime": return (x, y) -> Long.compare(((DateTime) x).getMillis(), ((DateTime) y).getMillis());
        default: throw new IllegalArgumentException("TopN: type '" + type + "' is none of chararray, int, long, double, boolean, datetime");
      }
    }
  }
}
