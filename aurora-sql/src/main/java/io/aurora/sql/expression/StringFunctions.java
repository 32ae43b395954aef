package io.aurora.sql.expression;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TypeKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlTrimFunction;
import org.jspecify.annotations.Nullable;

/**
 * String functions over UTF-8 bytes with character (code point) semantics: {@code ||}, {@code
 * concat}, {@code length}, {@code lower}, {@code upper}, {@code substring}, {@code position},
 * {@code strpos}, {@code trim} and its variants, {@code replace}, {@code regexp_replace}, {@code
 * left}, {@code right}, {@code starts_with}, {@code repeat}, and PostgreSQL's {@code reverse},
 * {@code lpad}, {@code rpad}, {@code split_part}, {@code md5}, {@code ascii}, {@code chr}, {@code
 * concat_ws}, {@code initcap} and {@code translate} (kernels in {@link StringKernels}). Results are
 * written into one growing byte array per block; case mapping has an ASCII fast path.
 *
 * <p>For a dictionary-encoded first argument whose other arguments are constants, the function runs
 * once per dictionary entry and the result keeps the input's ids (a new dictionary for string
 * results), cached for the last dictionary seen.
 */
final class StringFunctions implements Expression {
  enum Function {
    CONCAT,
    CONCAT_IGNORING_NULLS,
    LENGTH,
    OCTET_LENGTH,
    LOWER,
    UPPER,
    SUBSTRING,
    POSITION,
    TRIM_BOTH,
    TRIM_LEADING,
    TRIM_TRAILING,
    REPLACE,
    REGEXP_REPLACE,
    LEFT,
    RIGHT,
    STARTS_WITH,
    REPEAT,
    REVERSE,
    LPAD,
    RPAD,
    SPLIT_PART,
    MD5,
    ASCII,
    CHR,
    CONCAT_WS,
    INITCAP,
    TRANSLATE,
    JSON_EXTRACT_PATH_TEXT,
    JSON_EXTRACT_PATH;

    boolean isDictionaryFriendly() {
      return this != CONCAT
          && this != CONCAT_IGNORING_NULLS
          && this != REPEAT
          && this != CHR
          && this != CONCAT_WS
          && this != JSON_EXTRACT_PATH_TEXT
          && this != JSON_EXTRACT_PATH;
    }

    /** Whether argument {@code i} is a string; the others are integers. */
    boolean isStringArgument(int i) {
      return switch (this) {
        case CHR -> false;
        case SPLIT_PART -> i != 2;
        case LPAD, RPAD -> i != 1;
        case CONCAT,
            CONCAT_IGNORING_NULLS,
            CONCAT_WS,
            POSITION,
            REPLACE,
            STARTS_WITH,
            TRIM_BOTH,
            TRIM_LEADING,
            TRIM_TRAILING,
            TRANSLATE,
            JSON_EXTRACT_PATH_TEXT,
            JSON_EXTRACT_PATH ->
            true;
        default -> i == 0;
      };
    }
  }

  private record DictionaryResult(VarcharBlock dictionary, Block result) {}

  private final Function function;
  private final List<Expression> arguments;
  private final DataType type;
  private final @Nullable Pattern pattern;
  private final @Nullable String replacement;
  private final boolean isGlobal;
  private final boolean hasConstantArguments;
  private volatile @Nullable DictionaryResult dictionaryResult;

  private StringFunctions(
      Function function,
      List<Expression> arguments,
      DataType type,
      @Nullable Pattern pattern,
      @Nullable String replacement,
      boolean isGlobal) {
    this.function = function;
    this.arguments = List.copyOf(arguments);
    this.type = type;
    this.pattern = pattern;
    this.replacement = replacement;
    this.isGlobal = isGlobal;
    boolean constants = true;
    for (int i = 1; i < arguments.size(); i++) {
      constants &= arguments.get(i) instanceof ConstantExpression;
    }
    this.hasConstantArguments = constants;
  }

  static @Nullable Expression compile(
      ExpressionCompiler compiler, RexCall call, String name, @Nullable DataType type) {
    List<RexNode> operands = call.getOperands();
    Function function;
    switch (name) {
      case "||" -> function = Function.CONCAT;
      case "CONCAT" -> function = Function.CONCAT_IGNORING_NULLS;
      case "CHAR_LENGTH", "CHARACTER_LENGTH", "LENGTH" -> function = Function.LENGTH;
      case "OCTET_LENGTH" -> function = Function.OCTET_LENGTH;
      case "LOWER" -> function = Function.LOWER;
      case "UPPER" -> function = Function.UPPER;
      case "SUBSTRING", "SUBSTR" -> function = Function.SUBSTRING;
      case "POSITION" -> {
        if (operands.size() != 2) {
          return null;
        }
        return create(compiler, Function.POSITION, List.of(operands.get(1), operands.get(0)));
      }
      case "STRPOS" -> function = Function.POSITION;
      case "TRIM" -> {
        SqlTrimFunction.Flag flag =
            ((RexLiteral) operands.get(0)).getValueAs(SqlTrimFunction.Flag.class);
        Function trim =
            switch (flag) {
              case BOTH -> Function.TRIM_BOTH;
              case LEADING -> Function.TRIM_LEADING;
              case TRAILING -> Function.TRIM_TRAILING;
            };
        return create(compiler, trim, List.of(operands.get(2), operands.get(1)));
      }
      case "BTRIM", "LTRIM", "RTRIM" -> {
        Function trim =
            name.equals("BTRIM")
                ? Function.TRIM_BOTH
                : name.equals("LTRIM") ? Function.TRIM_LEADING : Function.TRIM_TRAILING;
        List<RexNode> arguments = new ArrayList<>(operands);
        Expression first = compiler.compileNode(arguments.get(0), DataType.VARCHAR);
        Expression characters =
            arguments.size() > 1
                ? compiler.compileNode(arguments.get(1), DataType.VARCHAR)
                : ConstantExpression.ofString(" ");
        return new StringFunctions(
            trim,
            List.of(toVarchar(first), toVarchar(characters)),
            DataType.VARCHAR,
            null,
            null,
            false);
      }
      case "REPLACE" -> function = Function.REPLACE;
      case "REGEXP_REPLACE" -> {
        if (operands.size() != 3 && operands.size() != 4) {
          return null;
        }
        String flags =
            operands.size() == 4 ? compiler.constantString(operands.get(3), "flags") : "";
        int patternFlags = 0;
        for (char flag : flags.toCharArray()) {
          if (flag == 'i') {
            patternFlags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
          } else if (flag != 'g' && flag != 'c') {
            throw new AuroraException(
                ErrorCode.INVALID_PARAMETER_VALUE,
                "invalid regular expression option: \"" + flag + "\"");
          }
        }
        Pattern compiled =
            Pattern.compile(compiler.constantString(operands.get(1), "pattern"), patternFlags);
        String replacement =
            javaReplacement(compiler.constantString(operands.get(2), "replacement"));
        return new StringFunctions(
            Function.REGEXP_REPLACE,
            List.of(toVarchar(compiler.compileNode(operands.get(0), DataType.VARCHAR))),
            DataType.VARCHAR,
            compiled,
            replacement,
            flags.indexOf('g') >= 0);
      }
      case "LEFT" -> function = Function.LEFT;
      case "RIGHT" -> function = Function.RIGHT;
      case "STARTS_WITH" -> function = Function.STARTS_WITH;
      case "REPEAT" -> function = Function.REPEAT;
      case "REVERSE" -> function = Function.REVERSE;
      case "LPAD", "RPAD" -> {
        List<RexNode> arguments = new ArrayList<>(operands);
        if (arguments.size() == 2) {
          arguments.add(compiler.rexBuilder().makeLiteral(" "));
        }
        return create(compiler, name.equals("LPAD") ? Function.LPAD : Function.RPAD, arguments);
      }
      case "SPLIT_PART" -> function = Function.SPLIT_PART;
      case "MD5" -> function = Function.MD5;
      case "ASCII" -> function = Function.ASCII;
      case "CHR" -> function = Function.CHR;
      case "CONCAT_WS" -> function = Function.CONCAT_WS;
      case "JSON_EXTRACT_PATH_TEXT", "JSONB_EXTRACT_PATH_TEXT" ->
          function = Function.JSON_EXTRACT_PATH_TEXT;
      case "JSON_EXTRACT_PATH", "JSONB_EXTRACT_PATH" -> function = Function.JSON_EXTRACT_PATH;
      case "INITCAP" -> function = Function.INITCAP;
      case "TRANSLATE", "TRANSLATE3" -> {
        if (operands.size() != 3) {
          return null;
        }
        function = Function.TRANSLATE;
      }
      default -> {
        return null;
      }
    }
    return create(compiler, function, operands);
  }

  private static Expression create(
      ExpressionCompiler compiler, Function function, List<RexNode> operands) {
    List<Expression> arguments = new ArrayList<>();
    for (int i = 0; i < operands.size(); i++) {
      Expression argument = compiler.compileNode(operands.get(i), null);
      boolean isString = function.isStringArgument(i);
      arguments.add(
          isString ? toVarchar(argument) : ExpressionCompiler.coerce(argument, DataType.BIGINT));
    }
    DataType type =
        switch (function) {
          case LENGTH, OCTET_LENGTH, POSITION, ASCII -> DataType.INTEGER;
          case STARTS_WITH -> DataType.BOOLEAN;
          default -> DataType.VARCHAR;
        };
    return new StringFunctions(function, arguments, type, null, null, false);
  }

  private static Expression toVarchar(Expression expression) {
    return ExpressionCompiler.coerce(expression, DataType.VARCHAR);
  }

  /** PostgreSQL's replacement syntax ({@code \1}, {@code \&}) in java.util.regex syntax. */
  static String javaReplacement(String replacement) {
    StringBuilder out = new StringBuilder(replacement.length());
    for (int i = 0; i < replacement.length(); i++) {
      char c = replacement.charAt(i);
      if (c == '\\' && i + 1 < replacement.length()) {
        char next = replacement.charAt(++i);
        if (next >= '1' && next <= '9') {
          out.append('$').append(next);
        } else if (next == '&') {
          out.append("$0");
        } else {
          out.append('\\').append(next);
        }
      } else if (c == '$') {
        out.append("\\$");
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  @Override
  public DataType type() {
    return type;
  }

  /** The number of bytes of the UTF-8 character that starts with {@code lead}. */
  static int characterLength(byte lead) {
    int b = lead & 0xFF;
    if (b < 0x80) {
      return 1;
    }
    if (b >= 0xF0) {
      return 4;
    }
    if (b >= 0xE0) {
      return 3;
    }
    return b >= 0xC0 ? 2 : 1;
  }

  /** The byte offset {@code characters} characters after {@code start}, at most {@code end}. */
  static int advance(byte[] bytes, int start, int end, long characters) {
    int at = start;
    for (long i = 0; i < characters && at < end; i++) {
      at += characterLength(bytes[at]);
    }
    return Math.min(at, end);
  }

  static int countCharacters(byte[] bytes, int start, int end) {
    int count = 0;
    for (int i = start; i < end; i++) {
      count += (bytes[i] & 0xC0) != 0x80 ? 1 : 0;
    }
    return count;
  }

  @Override
  public Block evaluate(Page page) {
    Block first = arguments.get(0).evaluate(page);
    if (first instanceof DictionaryBlock dictionaryBlock
        && hasConstantArguments
        && function.isDictionaryFriendly()) {
      Block mapped = evaluateOnDictionary(page, dictionaryBlock);
      if (mapped != null) {
        return mapped;
      }
    }
    Block[] blocks = new Block[arguments.size()];
    blocks[0] = first;
    for (int i = 1; i < blocks.length; i++) {
      blocks[i] = arguments.get(i).evaluate(page);
    }
    return evaluate(page, blocks);
  }

  private @Nullable Block evaluateOnDictionary(Page page, DictionaryBlock input) {
    VarcharBlock dictionary = input.dictionary();
    DictionaryResult cached = dictionaryResult;
    Block result;
    if (cached != null && cached.dictionary() == dictionary) {
      result = cached.result();
    } else {
      if (dictionary.positionCount() > 4 * Math.max(page.rowCount(), 256)) {
        return null;
      }
      Page entries = new Page(dictionary.positionCount(), dictionary);
      Block[] blocks = new Block[arguments.size()];
      blocks[0] = dictionary;
      for (int i = 1; i < blocks.length; i++) {
        blocks[i] = arguments.get(i).evaluate(entries);
      }
      result = evaluate(entries, blocks);
      dictionaryResult = new DictionaryResult(dictionary, result);
    }
    int positionCount = page.positionCount();
    int[] ids = input.ids();
    if (result instanceof VarcharBlock strings) {
      return new DictionaryBlock(positionCount, ids, strings, false, input.nulls());
    }
    int[] positions = Rows.positions(page);
    int count = page.rowCount();
    if (result instanceof IntBlock ints) {
      int[] out = new int[positionCount];
      for (int i = 0; i < count; i++) {
        int p = positions[i];
        out[p] = ints.value(ids[p]);
      }
      return new IntBlock(positionCount, out, input.nulls());
    }
    boolean[] out = new boolean[positionCount];
    BooleanBlock booleans = (BooleanBlock) result;
    for (int i = 0; i < count; i++) {
      int p = positions[i];
      out[p] = booleans.value(ids[p]);
    }
    return new BooleanBlock(positionCount, out, input.nulls());
  }

  private Block evaluate(Page page, Block[] blocks) {
    int positionCount = page.positionCount();
    int[] positions = Rows.positions(page);
    int count = page.rowCount();
    VarcharOutput strings =
        type.kind() == TypeKind.VARCHAR ? new VarcharOutput(positionCount, count * 8) : null;
    int[] ints = type.kind() == TypeKind.INTEGER ? new int[positionCount] : null;
    boolean[] booleans = type.kind() == TypeKind.BOOLEAN ? new boolean[positionCount] : null;
    boolean[] nulls = null;
    MessageDigest digest = function == Function.MD5 ? StringKernels.md5Digest() : null;
    // A JSON path of constant keys (the usual case) is read once per page, not per row.
    String[] path = null;
    for (int i = 0; i < count; i++) {
      int p = positions[i];
      boolean isNull = false;
      if (function == Function.CONCAT_WS) {
        isNull = blocks[0].isNull(p);
      } else if (function != Function.CONCAT_IGNORING_NULLS) {
        for (Block block : blocks) {
          isNull |= block.isNull(p);
        }
      }
      if (isNull) {
        if (strings != null) {
          strings.appendNull(p);
        } else {
          if (nulls == null) {
            nulls = new boolean[positionCount];
          }
          nulls[p] = true;
        }
        continue;
      }
      if (function == Function.CHR) {
        strings.begin(p);
        StringKernels.chr(strings, longArgument(blocks[0], p));
        strings.end(p);
        continue;
      }
      VarcharBlock values = Rows.stringValues(blocks[0]);
      int[] ids = Rows.stringIds(blocks[0]);
      int index = ids == null ? p : ids[p];
      byte[] bytes = values.bytes();
      int start = values.offset(index);
      int end = values.offset(index + 1);
      switch (function) {
        case LENGTH -> ints[p] = countCharacters(bytes, start, end);
        case OCTET_LENGTH -> ints[p] = end - start;
        case ASCII -> ints[p] = StringKernels.ascii(bytes, start, end);
        case POSITION -> ints[p] = position(bytes, start, end, blocks[1], p);
        case STARTS_WITH -> {
          VarcharBlock prefixes = Rows.stringValues(blocks[1]);
          int[] prefixIds = Rows.stringIds(blocks[1]);
          int prefix = prefixIds == null ? p : prefixIds[p];
          int length = prefixes.length(prefix);
          booleans[p] =
              end - start >= length
                  && java.util.Arrays.equals(
                      bytes,
                      start,
                      start + length,
                      prefixes.bytes(),
                      prefixes.offset(prefix),
                      prefixes.offset(prefix) + length);
        }
        case JSON_EXTRACT_PATH_TEXT, JSON_EXTRACT_PATH -> {
          if (path == null || !hasConstantArguments) {
            path = jsonPath(blocks, p);
          }
          String value =
              JsonPaths.extract(
                  bytes, start, end, path, function == Function.JSON_EXTRACT_PATH_TEXT);
          if (value == null) {
            strings.appendNull(p);
          } else {
            strings.begin(p);
            strings.write(value);
            strings.end(p);
          }
        }
        default -> {
          strings.begin(p);
          writeString(strings, blocks, p, bytes, start, end, digest);
          strings.end(p);
        }
      }
    }
    if (strings != null) {
      return strings.build();
    }
    if (ints != null) {
      return new IntBlock(positionCount, ints, nulls);
    }
    return new BooleanBlock(positionCount, booleans, nulls);
  }

  private static long longArgument(Block block, int p) {
    return block instanceof IntBlock ints ? ints.value(p) : ((LongBlock) block).value(p);
  }

  private static int position(byte[] bytes, int start, int end, Block needles, int p) {
    VarcharBlock values = Rows.stringValues(needles);
    int[] ids = Rows.stringIds(needles);
    int index = ids == null ? p : ids[p];
    byte[] needle = values.bytes();
    int needleStart = values.offset(index);
    int needleLength = values.length(index);
    for (int at = start; at + needleLength <= end; at++) {
      if (java.util.Arrays.equals(
          bytes, at, at + needleLength, needle, needleStart, needleStart + needleLength)) {
        return countCharacters(bytes, start, at) + 1;
      }
    }
    return 0;
  }

  private void writeString(
      VarcharOutput out,
      Block[] blocks,
      int p,
      byte[] bytes,
      int start,
      int end,
      @Nullable MessageDigest digest) {
    switch (function) {
      case CONCAT, CONCAT_IGNORING_NULLS -> {
        for (Block block : blocks) {
          if (!block.isNull(p)) {
            VarcharBlock values = Rows.stringValues(block);
            int[] ids = Rows.stringIds(block);
            int index = ids == null ? p : ids[p];
            out.write(values.bytes(), values.offset(index), values.length(index));
          }
        }
      }
      case LOWER, UPPER -> changeCase(out, bytes, start, end, function == Function.UPPER);
      case SUBSTRING -> {
        long from = longArgument(blocks[1], p);
        long stop = Long.MAX_VALUE;
        if (blocks.length > 2) {
          long length = longArgument(blocks[2], p);
          if (length < 0) {
            throw new AuroraException(
                ErrorCode.SUBSTRING_ERROR, "negative substring length not allowed");
          }
          stop = from + length;
          if (stop < from) {
            stop = Long.MAX_VALUE;
          }
        }
        long begin = Math.max(from, 1);
        if (stop > begin) {
          int s = advance(bytes, start, end, begin - 1);
          int e = stop == Long.MAX_VALUE ? end : advance(bytes, s, end, stop - begin);
          out.write(bytes, s, e - s);
        }
      }
      case TRIM_BOTH, TRIM_LEADING, TRIM_TRAILING -> trim(out, blocks[1], p, bytes, start, end);
      case REPLACE -> replace(out, blocks, p, bytes, start, end);
      case REGEXP_REPLACE -> {
        String input = new String(bytes, start, end - start, StandardCharsets.UTF_8);
        var matcher = pattern.matcher(input);
        out.write(isGlobal ? matcher.replaceAll(replacement) : matcher.replaceFirst(replacement));
      }
      case LEFT, RIGHT -> {
        long n = longArgument(blocks[1], p);
        int characters = countCharacters(bytes, start, end);
        long keep = n >= 0 ? Math.min(n, characters) : Math.max(0, characters + n);
        if (function == Function.LEFT) {
          out.write(bytes, start, advance(bytes, start, end, keep) - start);
        } else {
          int s = advance(bytes, start, end, characters - keep);
          out.write(bytes, s, end - s);
        }
      }
      case REPEAT -> {
        long times = longArgument(blocks[1], p);
        if ((end - start) * Math.max(0, times) > Integer.MAX_VALUE / 2) {
          throw new AuroraException(ErrorCode.OUT_OF_MEMORY, "Requested length is too large");
        }
        for (long i = 0; i < times; i++) {
          out.write(bytes, start, end - start);
        }
      }
      case REVERSE -> StringKernels.reverse(out, bytes, start, end);
      case LPAD, RPAD -> {
        VarcharBlock fills = Rows.stringValues(blocks[2]);
        int fill = index(blocks[2], p);
        StringKernels.pad(
            out,
            bytes,
            start,
            end,
            longArgument(blocks[1], p),
            fills.bytes(),
            fills.offset(fill),
            fills.offset(fill + 1),
            function == Function.LPAD);
      }
      case SPLIT_PART -> {
        VarcharBlock delimiters = Rows.stringValues(blocks[1]);
        int delimiter = index(blocks[1], p);
        StringKernels.splitPart(
            out,
            bytes,
            start,
            end,
            delimiters.bytes(),
            delimiters.offset(delimiter),
            delimiters.offset(delimiter + 1),
            longArgument(blocks[2], p));
      }
      case MD5 -> StringKernels.md5(out, requireNonNull(digest), bytes, start, end);
      case CONCAT_WS -> {
        boolean isFirst = true;
        for (int i = 1; i < blocks.length; i++) {
          Block block = blocks[i];
          if (!block.isNull(p)) {
            if (!isFirst) {
              out.write(bytes, start, end - start);
            }
            isFirst = false;
            VarcharBlock values = Rows.stringValues(block);
            int index = index(block, p);
            out.write(values.bytes(), values.offset(index), values.length(index));
          }
        }
      }
      case INITCAP -> StringKernels.initcap(out, bytes, start, end);
      case TRANSLATE -> {
        VarcharBlock froms = Rows.stringValues(blocks[1]);
        int from = index(blocks[1], p);
        VarcharBlock tos = Rows.stringValues(blocks[2]);
        int to = index(blocks[2], p);
        StringKernels.translate(
            out,
            bytes,
            start,
            end,
            froms.bytes(),
            froms.offset(from),
            froms.offset(from + 1),
            tos.bytes(),
            tos.offset(to),
            tos.offset(to + 1));
      }
      default -> throw new AssertionError(function);
    }
  }

  /** The keys of a JSON path at row {@code p}: every argument after the first. */
  private static String[] jsonPath(Block[] blocks, int p) {
    String[] path = new String[blocks.length - 1];
    for (int k = 1; k < blocks.length; k++) {
      VarcharBlock keys = Rows.stringValues(blocks[k]);
      int key = index(blocks[k], p);
      path[k - 1] =
          new String(
              keys.bytes(),
              keys.offset(key),
              keys.length(key),
              java.nio.charset.StandardCharsets.UTF_8);
    }
    return path;
  }

  /** The position of row {@code p}'s value in {@link Rows#stringValues(Block)} of the block. */
  private static int index(Block block, int p) {
    int[] ids = Rows.stringIds(block);
    return ids == null ? p : ids[p];
  }

  private static void changeCase(
      VarcharOutput out, byte[] bytes, int start, int end, boolean isUpper) {
    out.ensure(end - start);
    byte[] buffer = out.buffer();
    int at = out.size();
    for (int i = start; i < end; i++) {
      byte b = bytes[i];
      if (b < 0) {
        String value = new String(bytes, start, end - start, StandardCharsets.UTF_8);
        out.write(isUpper ? value.toUpperCase(Locale.ROOT) : value.toLowerCase(Locale.ROOT));
        return;
      }
      if (isUpper ? (b >= 'a' && b <= 'z') : (b >= 'A' && b <= 'Z')) {
        b ^= 0x20;
      }
      buffer[at + i - start] = b;
    }
    out.size(at + end - start);
  }

  private void trim(VarcharOutput out, Block characters, int p, byte[] bytes, int start, int end) {
    VarcharBlock values = Rows.stringValues(characters);
    int[] ids = Rows.stringIds(characters);
    int index = ids == null ? p : ids[p];
    byte[] set = values.bytes();
    int setStart = values.offset(index);
    int setEnd = values.offset(index + 1);
    int s = start;
    int e = end;
    if (function != Function.TRIM_TRAILING) {
      while (s < e) {
        int length = characterLength(bytes[s]);
        if (!contains(set, setStart, setEnd, bytes, s, Math.min(length, e - s))) {
          break;
        }
        s += length;
      }
    }
    if (function != Function.TRIM_LEADING) {
      while (e > s) {
        int lead = e - 1;
        while (lead > s && (bytes[lead] & 0xC0) == 0x80) {
          lead--;
        }
        if (!contains(set, setStart, setEnd, bytes, lead, e - lead)) {
          break;
        }
        e = lead;
      }
    }
    out.write(bytes, s, e - s);
  }

  private static boolean contains(
      byte[] set, int setStart, int setEnd, byte[] bytes, int at, int length) {
    for (int i = setStart; i + length <= setEnd; i += characterLength(set[i])) {
      if (java.util.Arrays.equals(set, i, i + length, bytes, at, at + length)) {
        return true;
      }
    }
    return false;
  }

  private static void replace(
      VarcharOutput out, Block[] blocks, int p, byte[] bytes, int start, int end) {
    VarcharBlock froms = Rows.stringValues(blocks[1]);
    int[] fromIds = Rows.stringIds(blocks[1]);
    int fromIndex = fromIds == null ? p : fromIds[p];
    VarcharBlock tos = Rows.stringValues(blocks[2]);
    int[] toIds = Rows.stringIds(blocks[2]);
    int toIndex = toIds == null ? p : toIds[p];
    byte[] from = froms.bytes();
    int fromStart = froms.offset(fromIndex);
    int fromLength = froms.length(fromIndex);
    if (fromLength == 0) {
      out.write(bytes, start, end - start);
      return;
    }
    int at = start;
    int copied = start;
    while (at + fromLength <= end) {
      if (java.util.Arrays.equals(
          bytes, at, at + fromLength, from, fromStart, fromStart + fromLength)) {
        out.write(bytes, copied, at - copied);
        out.write(tos.bytes(), tos.offset(toIndex), tos.length(toIndex));
        at += fromLength;
        copied = at;
      } else {
        at++;
      }
    }
    out.write(bytes, copied, end - copied);
  }
}
