/// The grammar of record, `grammar/vanish.ebnf`, as `:help grammar` prints it.
/// A test checks that this text and the file are the same.
public enum Grammar {
  public static let text = #"""
(* The grammar of vanish, version 2. ISO EBNF; the parser (Sources/VanishLanguage/Parser.swift)
   has one method per rule below, with the same names. *)

program        = { separator } , [ statement , { separator , { separator } , statement } ] , { separator } ;
separator      = NEWLINE | ";" ;

statement      = command | assignment | definition | expression ;
command        = ":" , IDENT , REST_OF_LINE | "?" , REST_OF_LINE ;  (* only at the start of a statement; ?x is :help x *)
assignment     = target , "=" , expression ;
target         = IDENT , { "." , IDENT | "[" , expression , "]" } ;
definition     = IDENT , "(" , [ IDENT , { "," , IDENT } ] , ")" , "=" , expression ;

expression     = range ;
range          = composition , [ ":" , composition , [ ":" , composition ] ] ;  (* a:b, a:step:b; the loosest *)
composition    = additive , { "->" , additive } ;
additive       = multiplicative , { ( "+" | "-" ) , multiplicative } ;
multiplicative = unary , { ( "*" | "/" | "@" ) , unary } ;
unary          = "-" , unary | power ;
power          = postfix , [ "^" , unary ] ;                (* right-associative: 2^3^2 = 2^9 *)
postfix        = primary , { call | index | field | "'" | repetition } ;
call           = "(" , [ argument , { "," , argument } , [ "," ] ] , ")" ;
argument       = [ IDENT , "=" ] , expression ;             (* positional arguments first *)
index          = "[" , expression , "]" ;                    (* a range a:b indexes a span *)
field          = "." , IDENT ;
repetition     = "x" , INTEGER | REPEAT ;                   (* dense(1,1,sigmoid)x8, ... x 8 *)
primary        = NUMBER | STRING | "true" | "false" | IDENT | "(" , expression , ")" | array ;
array          = "[" , [ expression , ( comprehension | { "," , expression } , [ "," ] ) ] , "]" ;
comprehension  = "for" , IDENT , "in" , expression ;        (* "for" and "in" are words only here *)

(* Lexical rules *)
NUMBER         = DIGIT , { DIGIT } , [ "." , DIGIT , { DIGIT } ] , [ ( "e" | "E" ) , [ "+" | "-" ] , DIGIT , { DIGIT } ] ;
INTEGER        = DIGIT , { DIGIT } ;
STRING         = '"' , { CHARACTER - ( '"' | "\" | NEWLINE ) | "\" , ( '"' | "\" | "n" | "t" ) } , '"' ;
IDENT          = ( LETTER | "_" ) , { LETTER | DIGIT | "_" } ;   (* except "true" and "false" *)
REPEAT         = "x" , DIGIT , { DIGIT } ;                  (* an IDENT; a repetition only right after an expression *)
COMMENT        = "#" , { CHARACTER - NEWLINE } ;            (* ignored *)
(* A NEWLINE ends a statement only outside brackets and when the line does not end with
   one of  + - * / ^ @ -> = ,  : there the statement continues on the next line. *)
"""#
}
