META
key;value
description;Budżet obywatelski 2023, dzielnica Północ
country;Poland
unit;Miasto
subunit;Północ
instance;2023
num_projects;9
num_votes;60
budget;1000000
vote_type;approval
rule;greedy
date_begin;01.09.2022
date_end;30.09.2022
max_sum_cost;1000000
language;polish
currency;PLN
PROJECTS
project_id;cost;votes;name;category
1;150000;20;Zielony skwer przy ulicy Lipowej;environment
2;420000;15;Remont boiska szkolnego;sport
3;80000;29;Ławki i kosze w parku;public space
4;260000;14;Oświetlenie ścieżki rowerowej;transport
5;55000;17;Warsztaty dla seniorów;education
6;310000;19;Plac zabaw na osiedlu;public space
7;120000;13;Stojaki rowerowe;transport
8;95000;22;Ogród społeczny;environment
9;600000;7;Nowa nawierzchnia chodników;public space
VOTES
voter_id;age;sex;vote
10000;31;M;5,7
10001;67;F;2
10002;77;M;7,4,3,2
10003;32;M;1,8,3,7
10004;65;F;6
10005;52;F;1,5,8
10006;64;F;5,3,6,7
10007;60;F;8,3,1
10008;22;F;1,3,6
10009;25;F;4,8,2,3
10010;80;M;8,4,6,1
10011;50;M;7,3
10012;32;F;3,8
10013;77;M;1,6,2
10014;44;F;3,6,4,8
10015;45;M;6,2,1,8
10016;42;M;3,8
10017;29;M;4,3,5
10018;37;F;3
10019;50;M;4,5
10020;40;F;9,4,3,5
10021;61;M;4,3,5,6
10022;64;M;4,1,2
10023;22;F;5,2
10024;30;M;7
10025;77;F;1,9,8
10026;38;M;1,7,2,6
10027;37;M;6,3,4
10028;77;F;1
10029;48;F;3,7,2,6
10030;65;F;9,3
10031;33;M;2
10032;67;M;1,6,2,5
10033;71;F;9,6
10034;26;F;2,6,3,5
10035;23;M;6,3,7
10036;46;M;9,8
10037;58;F;1,8,3
10038;58;M;3,2
10039;72;F;5
10040;27;M;6
10041;56;F;9,5
10042;72;M;8,7
10043;41;M;3
10044;34;M;1,5,8
10045;18;M;4,8
10046;47;F;3,4,8,1
10047;28;M;8,7
10048;77;M;3,2
10049;76;M;8
10050;23;F;8,5,7
10051;68;M;1,2
10052;60;M;3,4
10053;72;M;3,8,6
10054;77;F;1,5,8,7
10055;58;M;3,6
10056;42;M;1,5,9,3
10057;56;M;5,8,4
10058;74;M;1,3,6
10059;34;F;1
